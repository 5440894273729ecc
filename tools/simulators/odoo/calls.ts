export interface SimCall {
  at: string;
  protocol: 'xmlrpc' | 'jsonrpc' | 'json2' | 'web';
  /** `common` / `object` / `db` (JSON-2: `object`). */
  service: string;
  /** `model.method` for object calls, `common.authenticate` etc. otherwise. */
  key: string;
  model?: string;
  method: string;
  uid?: number;
  outcome: 'ok' | 'error' | 'injected';
  error?: string;
  durationMs: number;
}

export interface CallFilter {
  model?: string;
  method?: string;
  protocol?: SimCall['protocol'];
  service?: string;
  outcome?: SimCall['outcome'];
}

/** Every call the simulator received, countable by model/method, readable over HTTP and in process. */
export class CallLog {
  private readonly all: SimCall[] = [];
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor(private readonly keep = 5000) {}

  record(call: SimCall): void {
    this.total++;
    this.counts.set(call.key, (this.counts.get(call.key) ?? 0) + 1);
    this.all.push(call);
    if (this.all.length > this.keep) this.all.shift();
  }

  /** Calls matching the filter (among the last `keep`); with no filter, the total since reset. */
  count(filter: CallFilter = {}): number {
    if (!Object.keys(filter).length) return this.total;
    if (filter.model && filter.method && Object.keys(filter).length === 2) return this.counts.get(`${filter.model}.${filter.method}`) ?? 0;
    return this.list(filter).length;
  }

  list(filter: CallFilter = {}): SimCall[] {
    return this.all.filter((c) =>
      (!filter.model || c.model === filter.model) && (!filter.method || c.method === filter.method)
      && (!filter.protocol || c.protocol === filter.protocol) && (!filter.service || c.service === filter.service)
      && (!filter.outcome || c.outcome === filter.outcome));
  }

  byKey(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.all.length = 0;
    this.counts.clear();
    this.total = 0;
  }

  summary(recent = 100): { total: number; counts: Record<string, number>; recent: SimCall[] } {
    return { total: this.total, counts: this.byKey(), recent: this.all.slice(-recent) };
  }
}
