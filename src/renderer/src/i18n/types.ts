/** Same keys as English, any string values: a missing or extra key in ru / zh-CN is a type error. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
