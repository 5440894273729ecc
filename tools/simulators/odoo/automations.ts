import { request } from 'undici';
import { Env } from './engine/env';
import type { ChangeKind, SimState } from './engine/state';
import type { Row } from './engine/types';

export interface WebhookDelivery {
  at: string;
  url: string;
  model: string;
  id: number;
  status?: number;
  error?: string;
}

const TRIGGERS: Record<string, ChangeKind[]> = {
  on_create_or_write: ['create', 'write'],
  on_create: ['create'],
  on_write: ['write'],
  on_unlink: ['unlink'],
};

/**
 * base.automation rules with the "Send Webhook Notification" action: one POST per record,
 * JSON of `_model`, `_id`, `_action` and the chosen fields read with load=None (keys sorted),
 * no signature, 1 s timeout, no retry. Odoo 17/18 send during the transaction (so a hint may
 * arrive before the commit, or for a change later rolled back); 19 after the commit.
 */
export class AutomationEngine {
  readonly deliveries: WebhookDelivery[] = [];
  private pending: Promise<unknown>[] = [];

  constructor(private readonly state: SimState) {
    state.onChange((model, kind, rows, fields) => this.onChange(model, kind, rows, fields));
  }

  private onChange(model: string, kind: ChangeKind, rows: Row[], fields: string[]): void {
    if (model === 'base.automation' || !this.state.models.has('base.automation')) return;
    const env = new Env(this.state, 1, {}, true);
    const rules = env.m('base.automation').searchRows([['model_name', '=', model], ['active', '=', true]]);
    for (const rule of rules) {
      if (!TRIGGERS[String(rule.trigger)]?.includes(kind)) continue;
      const watched = (rule.trigger_field_names as string[] | false) || [];
      if (kind === 'write' && watched.length && !fields.some((f) => watched.includes(f))) continue;
      const filter = rule.filter_domain as unknown[] | false;
      for (const row of rows) {
        if (kind !== 'unlink' && filter && filter.length && !env.m(model).search([['id', '=', row.id], ...filter]).length) continue;
        const payload = this.payload(env, rule, model, row, kind);
        this.post(String(rule.webhook_url), model, row.id, payload);
      }
    }
  }

  private payload(env: Env, rule: Row, model: string, row: Row, kind: ChangeKind): Record<string, unknown> {
    const out: Record<string, unknown> = { _action: `${String(rule.name)}(#${rule.id})`, _id: row.id, _model: model };
    const m = env.m(model);
    if (kind !== 'unlink') {
      for (const f of (rule.webhook_field_names as string[] | false) || []) {
        if (!m.field(f)) continue;
        const v = m.format(row, f, null);
        out[f] = v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: number }).value : v;
      }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  private post(url: string, model: string, id: number, payload: Record<string, unknown>): void {
    const delivery: WebhookDelivery = { at: new Date().toISOString(), url, model, id };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 1000) this.deliveries.shift();
    const send = () => request(url, {
      method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' },
      headersTimeout: 1000, bodyTimeout: 1000, signal: AbortSignal.timeout(1000),
    }).then(async (res) => { delivery.status = res.statusCode; await res.body.dump(); })
      .catch((err: Error) => { delivery.error = err.message; });
    // Fire and forget, like Odoo: failures are only logged.
    const p = this.state.version >= 19 ? new Promise((r) => setImmediate(r)).then(send) : send();
    this.pending.push(p);
    void p.finally(() => { this.pending = this.pending.filter((x) => x !== p); });
  }

  /** Waits for webhook POSTs in flight (tests). */
  async drain(): Promise<void> {
    while (this.pending.length) await Promise.allSettled([...this.pending]);
  }
}
