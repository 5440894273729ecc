import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeysService } from '../../../src/infrastructure/auth';
import type { TestApp } from '../app';

export interface LoyaltyKit {
  admin: string;
  partner: string;
  reader: string;
  uid: () => string;
}

/** API keys for a loyalty test: an admin key, a partner key (read + write) and a read-only key. */
export async function loyaltyKeys(t: TestApp): Promise<LoyaltyKit> {
  const keys = t.get(ApiKeysService);
  const admin = (await keys.create({ name: `admin-${randomUUID().slice(0, 8)}`, scopes: ['admin'] })).key;
  const partner = (await keys.create({ name: `pos-${randomUUID().slice(0, 8)}`, scopes: ['loyalty:read', 'loyalty:write'] })).key;
  const reader = (await keys.create({ name: `ro-${randomUUID().slice(0, 8)}`, scopes: ['loyalty:read'] })).key;
  return { admin, partner, reader, uid: () => randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase() };
}

/** A program with a unique code; overrides go straight to POST /api/admin/loyalty/programs. */
export async function createProgram(t: TestApp, kit: LoyaltyKit, over: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const code = `P${kit.uid()}`;
  const res = await t.http.post('/api/admin/loyalty/programs').set('X-API-Key', kit.admin)
    .send({ code, name: `Program ${code}`, currency: 'EGP', pointsPerCurrencyUnit: 1, pointValidityDays: 365, redemptionValue: 0.1, ...over });
  if (res.status !== 201) throw new Error(`program create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, code: res.body.code };
}

export interface OrderOpts {
  program: string;
  customer?: Record<string, unknown>;
  lines?: Array<Record<string, unknown>>;
  amount?: number;
  orderRef?: string;
  orderedAt?: string;
  [k: string]: unknown;
}

/** An order body: one line of `amount` unless lines are given, for a fresh external customer unless one is given. */
export function orderBody(kit: LoyaltyKit, o: OrderOpts): Record<string, unknown> {
  const { program, customer, lines, amount, orderRef, ...rest } = o;
  return {
    orderRef: orderRef ?? `ORD-${kit.uid()}`,
    program,
    customer: customer ?? { externalRef: `C-${kit.uid()}` },
    lines: lines ?? [{ productRef: 'SKU-1', quantity: 1, unitPrice: amount ?? 100 }],
    ...rest,
  };
}

/** Polls until `fn` returns a truthy value (events and webhooks arrive asynchronously through the queue). */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await sleep(stepMs);
  }
}
