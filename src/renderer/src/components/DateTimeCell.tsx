import type { CSSProperties, ReactNode } from 'react';
import { dateTimeShortParts } from '../lib/format';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/**
 * A list cell's date and time (formatDateTimeShort's text): one line where it
 * fits, else the time on a second line instead of being cut off (an English
 * "11/30/26, 11:00 AM" needs more than a narrow column has in some fonts).
 * No measuring: the wrap is the browser's, at the one space before the time.
 */
export function DateTimeCell(props: { iso: string | null | undefined; locale: string; empty?: ReactNode; style?: CSSProperties; title?: string; late?: boolean }) {
  const { date, time } = dateTimeShortParts(props.iso, props.locale);
  if (!date) return <>{props.empty ?? '—'}</>;
  return (
    <span style={{ whiteSpace: 'normal', lineHeight: 1.35, minWidth: 0, ...props.style }} title={props.title} data-late={props.late ? 'true' : undefined}>
      <span style={NOWRAP}>{date}</span>
      {time ? (
        <>
          {' '}
          <span style={NOWRAP}>{time}</span>
        </>
      ) : null}
    </span>
  );
}
