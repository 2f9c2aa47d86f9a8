// Types for electron-binary.mjs (a plain-Node script run before TypeScript exists in the build).
export declare const MIRROR_HINT: string;
export declare function installedBinary(electronDir: string): string | null;
export declare function ensureElectronBinary(opts: {
  electronDir: string;
  install?: (electronDir: string) => number;
  log?: (s: string) => void;
  env?: Record<string, string | undefined>;
}): 0 | 1;
