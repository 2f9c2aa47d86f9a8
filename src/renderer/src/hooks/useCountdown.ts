import { useEffect, useState } from 'react';
import { secondsUntil } from '../lib/format';

/** Seconds left until `at` (ms since epoch), re-rendering every second while above zero. */
export function useCountdown(at: number | null | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(at, now);
  useEffect(() => {
    setNow(Date.now());
    if (!at || at <= Date.now()) return;
    const id = window.setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= at) window.clearInterval(id);
    }, 1000);
    return () => window.clearInterval(id);
  }, [at]);
  return left;
}
