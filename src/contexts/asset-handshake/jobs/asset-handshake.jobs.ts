import type { CronEntry } from '../../../infrastructure/queues';
import type { JobMeta } from '../../../infrastructure/queues';

export const ASSET_HANDSHAKE_QUEUE = 'asset-handshake';

export const AssetHandshakeJob = {
  AdvanceFlow: 'asset-handshake.advance-flow',
  ReconcileOrders: 'asset-handshake.reconcile-orders',
  SweepFlows: 'asset-handshake.sweep-flows',
  PollOdoo: 'asset-handshake.poll-odoo',
} as const;

export interface AdvanceFlowData { flowId: string; meta: JobMeta }
export interface ReconcileOrdersData { orderIds: number[]; meta: JobMeta }

/** Flow jobs in flight per worker process (each mostly waits on ABS or Odoo). */
export const ADVANCE_CONCURRENCY = 64;
export const RECONCILE_CONCURRENCY = 4;

export function assetHandshakeCron(opts: { sweepIntervalMs: number; odooPollIntervalMs: number }): CronEntry[] {
  const table: CronEntry[] = [{ name: AssetHandshakeJob.SweepFlows, everyMs: opts.sweepIntervalMs }];
  if (opts.odooPollIntervalMs > 0) table.push({ name: AssetHandshakeJob.PollOdoo, everyMs: opts.odooPollIntervalMs });
  return table;
}
