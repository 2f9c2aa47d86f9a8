import { DatePicker, Flex, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale } from '../hooks/useLocale';

/** A closed range of the person's calendar days, YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
  /** the preset it came from (days), null for a custom range */
  preset: number | null;
}

export const PRESETS = [7, 28, 90] as const;
const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The last `days` days up to and including today. */
export function lastDays(days: number, today: Dayjs = dayjs()): Period {
  return { from: fmt(today.subtract(days - 1, 'day')), to: fmt(today), preset: days };
}

/** Minutes east of UTC of this computer's clock, as the analytics channels want it. */
export function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

/** 7 / 28 / 90 days, or any range up to a year. */
export function PeriodPicker({ value, onChange, testId }: { value: Period; onChange(p: Period): void; testId: string }) {
  const { t } = useLocale();
  return (
    <Flex gap={8} align="center" wrap data-testid={testId} data-from={value.from} data-to={value.to}>
      <Segmented<string>
        value={value.preset ? String(value.preset) : 'custom'}
        onChange={(v) => {
          onChange(v === 'custom' ? { ...value, preset: null } : lastDays(Number(v)));
        }}
        options={[
          ...PRESETS.map((d) => ({ value: String(d), label: <span data-testid={`${testId}-${d}`}>{t('workstationPages.lastDays', { days: d })}</span> })),
          { value: 'custom', label: <span data-testid={`${testId}-custom`}>{t('workstationPages.custom')}</span> },
        ]}
      />
      <DatePicker.RangePicker
        value={[dayjs(value.from), dayjs(value.to)]}
        allowClear={false}
        maxDate={dayjs().add(1, 'day')}
        onChange={(v) => {
          const [a, b] = v ?? [];
          if (!a || !b) return;
          // the channels accept at most a year
          const from = b.diff(a, 'day') > 365 ? b.subtract(365, 'day') : a;
          onChange({ from: fmt(from), to: fmt(b), preset: null });
        }}
        data-testid={`${testId}-range`}
      />
    </Flex>
  );
}
