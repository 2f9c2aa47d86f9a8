/**
 * Request statistics for the control API: per endpoint, per status, 429s and
 * injected faults served.
 */
export class Stats {
  requests: Record<string, number> = {};
  statuses: Record<string, Record<string, number>> = {};
  rateLimited: Record<string, number> = {};
  total = 0;

  record(endpoint: string, status: number): void {
    this.total++;
    this.requests[endpoint] = (this.requests[endpoint] ?? 0) + 1;
    const s = (this.statuses[endpoint] ??= {});
    s[status] = (s[status] ?? 0) + 1;
    if (status === 429) this.rateLimited[endpoint] = (this.rateLimited[endpoint] ?? 0) + 1;
  }

  snapshot(): { total: number; requests: Record<string, number>; statuses: Record<string, Record<string, number>>; rate_limited: Record<string, number>; rate_limited_total: number } {
    return {
      total: this.total,
      requests: { ...this.requests },
      statuses: JSON.parse(JSON.stringify(this.statuses)) as Record<string, Record<string, number>>,
      rate_limited: { ...this.rateLimited },
      rate_limited_total: Object.values(this.rateLimited).reduce((a, b) => a + b, 0),
    };
  }

  reset(): void {
    this.requests = {};
    this.statuses = {};
    this.rateLimited = {};
    this.total = 0;
  }
}
