import { Select } from 'antd';

export interface FilterOption<V extends string> {
  value: V;
  label: string;
}

interface FilterSelectProps<V extends string> {
  /** shown while nothing is chosen: the filter's name */
  placeholder: string;
  value: V | undefined;
  /** undefined when the person clears the filter */
  onChange(value: V | undefined): void;
  options: FilterOption<V>[];
  testId: string;
  minWidth: number;
  /** type to narrow the options by their label (long lists: warehouses, categories) */
  searchable?: boolean;
  /** the dropdown may grow wider than the control (long option labels) */
  widePopup?: boolean;
}

/** One clearable single-choice filter of a list page's filter bar. */
export function FilterSelect<V extends string>(p: FilterSelectProps<V>) {
  return (
    <Select<V>
      allowClear
      placeholder={p.placeholder}
      value={p.value}
      onChange={(v?: V) => p.onChange(v)}
      data-testid={p.testId}
      style={{ minWidth: p.minWidth }}
      options={p.options}
      {...(p.searchable ? { showSearch: { optionFilterProp: 'label' } } : {})}
      {...(p.widePopup ? { popupMatchSelectWidth: false } : {})}
    />
  );
}
