import type { CronEntry } from '../../../infrastructure/queues';
import type { JobMeta } from '../../../infrastructure/queues';

export const CARTONA_QUEUE = 'cartona-sync';

export const CartonaJob = {
  PullOrders: 'cartona.pull-orders',
  ImportOrder: 'cartona.import-order',
  AckOrder: 'cartona.ack-order',
  PushProducts: 'cartona.push-products',
  VerifyProducts: 'cartona.verify-products',
  PushOrderStatus: 'cartona.push-order-status',
  PushOrderDetails: 'cartona.push-order-details',
  PollOdoo: 'cartona.poll-odoo-changes',
  HandleOdooChanges: 'cartona.handle-odoo-changes',
  Sweep: 'cartona.sweep',
  FullResync: 'cartona.full-resync',
} as const;

export interface PullOrdersData { accountId?: string; meta: JobMeta }
export interface ImportOrderData { hashedId: string; meta: JobMeta }
export interface AckOrderData { hashedId: string; payloadHash: string; meta: JobMeta }
export interface PushProductsData { accountId: string; force?: boolean; meta: JobMeta }
export interface PushOrderStatusData { hashedId: string; meta: JobMeta }
export interface PushOrderDetailsData { hashedId: string; meta: JobMeta }
export interface HandleOdooChangesData { model: string; ids: number[]; meta: JobMeta }
export interface FullResyncData { accountId: string; meta: JobMeta }

/** Transient failures of these jobs retry with backoff for about an hour before dead-lettering. */
export const LONG_RETRY = { attempts: 12, backoff: { type: 'exponential' as const, delay: 2000 } };

export function cartonaCron(opts: { pullIntervalMs: number; odooPollIntervalMs: number }): CronEntry[] {
  return [
    { name: CartonaJob.PullOrders, everyMs: opts.pullIntervalMs },
    { name: CartonaJob.PollOdoo, everyMs: opts.odooPollIntervalMs },
    { name: CartonaJob.Sweep, everyMs: 15_000 },
  ];
}
