import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Counter, Histogram } from 'prom-client';
import { AppError } from '../../../infrastructure/errors';
import { enqueueJob } from '../../../infrastructure/queues';
import { CartonaBadToken, CartonaRateLimited } from '../integration/cartona-api.errors';
import type { CartonaClient } from '../integration/cartona-api.port';
import type { CartonaProductRow, CartonaProductUpdate } from '../integration/cartona-api.types';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { ProductMappingRepository, type ClaimedItem, type DesiredValue, type ItemOutcome } from '../persistence/product-mapping.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import { CARTONA_QUEUE, CartonaJob, type PushProductsData } from '../jobs/cartona-sync.jobs';
import { CartonaAccountsService } from './cartona-accounts.service';

const batchSize = new Histogram({
  name: 'hub_cartona_push_batch_size', help: 'Items per supplier-product/bulk-update call', buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
});
const pushItems = new Counter({ name: 'hub_cartona_push_items_total', help: 'Price/stock items pushed to Cartona, by outcome', labelNames: ['outcome'] });
const pushLag = new Histogram({
  name: 'hub_cartona_sync_lag_seconds', help: 'Delay from the hub seeing an Odoo change to Cartona receiving it', labelNames: ['direction'],
  buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
});
const pushFailures = new Counter({ name: 'hub_cartona_push_failures_total', help: 'Failed bulk pushes, by reason', labelNames: ['reason'] });

const MAX_ITEM_ATTEMPTS = 6;
const READBACK_CONCURRENCY = 8;
/** How far a price read back may differ from the one sent (Cartona may round). */
const PRICE_TOLERANCE = 0.005;

export const backoffMs = (attempt: number, baseMs = 2000, capMs = 300_000): number =>
  Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));

/**
 * Odoo → Cartona prices and stock. Values are recorded (coalesced per product in Postgres) and
 * go out through `supplier-product/bulk-update` in batches of `batchSize`, sent as soon as a
 * batch is full or the oldest change has waited `flushDelayMs`. Bulk calls answer 200 even when
 * items fail, so each batch is read back and only the items that did not take are retried.
 * 429 pauses the account for Retry-After; 5xx and timeouts back off; a 4xx on a batch is
 * bisected to find the offending item.
 */
@Injectable()
export class ProductPushService {
  private readonly logger = new Logger(ProductPushService.name);

  constructor(
    private readonly mappings: ProductMappingRepository,
    private readonly accounts: CartonaAccountsService,
    private readonly errors: SyncErrorRepository,
    private readonly cursors: SyncCursorRepository,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
  ) {}

  /** Records desired values for one account and makes sure a push is scheduled in time. */
  async record(account: CartonaAccount, values: DesiredValue[]): Promise<{ pending: number; matched: number }> {
    if (account.matchingStrategy === 'internal_product_id') await this.mappings.ensureImplicit(account.id, values.map((v) => v.odooProductId));
    const result = await this.mappings.recordDesired(account.id, values);
    if (result.pending > 0) await this.schedule(account, result.pending >= account.batchSize ? 0 : account.flushDelayMs);
    return result;
  }

  /** Enqueues a push for the account `delayMs` from now (one job per time slot, so bursts share it). */
  async schedule(account: Pick<CartonaAccount, 'id'>, delayMs: number): Promise<void> {
    const at = Date.now() + Math.max(0, delayMs);
    const slot = Math.ceil(at / 250);
    await enqueueJob<Omit<PushProductsData, 'meta'>>(this.queue, CartonaJob.PushProducts, { accountId: account.id }, {
      idempotencyKey: `push:${account.id}:${slot}`,
      delay: Math.max(0, slot * 250 - Date.now()),
      removeOnComplete: true,
      attempts: 3,
    });
  }

  /**
   * Sends every batch that is due now; leaves a partial batch for later unless its oldest change
   * has waited long enough (or `force`). Returns what it did.
   */
  async flush(accountId: string, force = false): Promise<{ batches: number; sent: number; confirmed: number; failed: number }> {
    const account = await this.accounts.get(accountId);
    const totals = { batches: 0, sent: 0, confirmed: 0, failed: 0 };
    if (!account.enabled || (!account.pushPrices && !account.pushStock)) return totals;
    const client = this.accounts.client(account);
    const verifications: Promise<void>[] = [];
    for (;;) {
      if (account.rateLimitedUntil && account.rateLimitedUntil.getTime() > Date.now()) {
        await this.schedule(account, account.rateLimitedUntil.getTime() - Date.now());
        break;
      }
      const stats = await this.mappings.dueStats(account.id);
      if (stats.due === 0) {
        if (stats.nextRetryAt) await this.schedule(account, stats.nextRetryAt.getTime() - Date.now());
        break;
      }
      const oldestAge = stats.oldest ? Date.now() - stats.oldest.getTime() : 0;
      if (!force && stats.due < account.batchSize && oldestAge < account.flushDelayMs) {
        await this.schedule(account, account.flushDelayMs - oldestAge);
        break;
      }
      const claimId = randomUUID();
      const items = await this.mappings.claim(account.id, claimId, account.batchSize);
      if (!items.length) break;
      const sent = await this.sendBatch(account, client, claimId, items);
      if (sent === 'stop') break;
      totals.batches++;
      totals.sent += items.length;
      // Read-back runs while the next batch goes out, so verification never delays a push.
      verifications.push(
        this.verifyAndSettle(account, client, claimId, sent).then((r) => {
          totals.confirmed += r.confirmed;
          totals.failed += r.failed;
        }),
      );
    }
    await Promise.all(verifications);
    if (totals.confirmed) await this.cursors.set(account.id, Cursor.LastPushOk, new Date().toISOString());
    return totals;
  }

  /** Sends one claimed batch; returns the items whose send Cartona accepted, or 'stop'. */
  private async sendBatch(account: CartonaAccount, client: CartonaClient, claimId: string, items: ClaimedItem[]): Promise<ClaimedItem[] | 'stop'> {
    const accepted: ClaimedItem[] = [];
    const rejected: ItemOutcome[] = [];
    const stop = await this.sendOrBisect(account, client, claimId, items, accepted, rejected);
    if (rejected.length) await this.mappings.settle(rejected);
    if (stop) return 'stop';
    const now = Date.now();
    for (const item of accepted) if (item.pendingSince) pushLag.observe({ direction: 'odoo_to_cartona' }, (now - item.pendingSince.getTime()) / 1000);
    return accepted;
  }

  /** true = stop pushing for now (account-level problem); items were released. */
  private async sendOrBisect(
    account: CartonaAccount, client: CartonaClient, claimId: string, items: ClaimedItem[], accepted: ClaimedItem[], rejected: ItemOutcome[],
  ): Promise<boolean> {
    try {
      batchSize.observe(items.length);
      await client.bulkUpdateProducts(items.map((i) => this.payload(account, i)));
      accepted.push(...items);
      return false;
    } catch (err) {
      const e = err instanceof AppError ? err : undefined;
      if (err instanceof CartonaRateLimited) {
        pushFailures.inc({ reason: 'rate_limited' });
        const until = new Date(Date.now() + (err.retryAfterSeconds ?? 5) * 1000);
        await this.accounts.setRateLimited(account.id, until);
        account.rateLimitedUntil = until;
        await this.releaseUnsent(claimId, items, accepted, rejected, until);
        await this.schedule(account, until.getTime() - Date.now());
        return true;
      }
      if (err instanceof CartonaBadToken) {
        pushFailures.inc({ reason: 'bad_token' });
        await this.errors.raise({ accountId: account.id, kind: 'push', ref: `account:${account.id}`, code: err.code, message: err.message });
        await this.releaseUnsent(claimId, items, accepted, rejected, new Date(Date.now() + 60_000));
        return true;
      }
      if (e?.transient ?? true) {
        pushFailures.inc({ reason: 'unavailable' });
        const attempt = Math.max(...items.map((i) => i.attempts)) + 1;
        const retryAt = new Date(Date.now() + backoffMs(attempt));
        rejected.push(...items.map((i) => this.failure(i, claimId, `Cartona unavailable: ${String((err as Error).message)}`, retryAt, attempt)));
        await this.schedule(account, retryAt.getTime() - Date.now());
        return false;
      }
      // A permanent rejection of the whole array: find the offending item(s) by halves.
      pushFailures.inc({ reason: 'rejected' });
      if (items.length === 1) {
        rejected.push({ ...this.failure(items[0], claimId, String((err as Error).message), new Date(Date.now() + backoffMs(items[0].attempts + 1)), items[0].attempts + 1), giveUp: true });
        await this.errors.raise({
          accountId: account.id, kind: 'product', ref: String(items[0].odooProductId), code: 'CARTONA.REJECTED', message: String((err as Error).message),
        });
        return false;
      }
      const mid = Math.ceil(items.length / 2);
      if (await this.sendOrBisect(account, client, claimId, items.slice(0, mid), accepted, rejected)) return true;
      return this.sendOrBisect(account, client, claimId, items.slice(mid), accepted, rejected);
    }
  }

  private async releaseUnsent(claimId: string, items: ClaimedItem[], accepted: ClaimedItem[], rejected: ItemOutcome[], retryAt: Date): Promise<void> {
    // Items of this claim already accepted (earlier halves) are verified as usual; the rest go back.
    const done = new Set([...accepted.map((i) => i.id), ...rejected.map((r) => r.id)]);
    const back = items.filter((i) => !done.has(i.id));
    if (!accepted.length && !rejected.length) {
      await this.mappings.release(claimId, retryAt);
      return;
    }
    rejected.push(...back.map((i) => ({ ...this.failure(i, claimId, 'deferred: Cartona asked to slow down', retryAt, i.attempts), countAttempt: false })));
  }

  private failure(item: ClaimedItem, claimId: string, error: string, retryAt: Date, attempt: number): ItemOutcome {
    pushItems.inc({ outcome: 'failed' });
    return {
      id: item.id, claimId, ok: false, error: error.slice(0, 1000), retryAt, countAttempt: true, giveUp: attempt >= MAX_ITEM_ATTEMPTS,
      sentPrice: item.pendingPrice, sentUnlimited: item.pendingUnlimited, sentStock: item.pendingStock,
    };
  }

  payload(account: CartonaAccount, item: ClaimedItem): CartonaProductUpdate {
    const out: CartonaProductUpdate = item.supplierProductId
      ? { supplier_product_id: /^\d+$/.test(item.supplierProductId) ? Number(item.supplierProductId) : item.supplierProductId }
      : { internal_product_id: item.internalProductId! };
    if (item.pendingPrice !== null && account.pushPrices) {
      out.selling_price = account.priceFormat === 'string' ? String(item.pendingPrice) : item.pendingPrice;
    }
    if (item.pendingUnlimited !== null && account.pushStock) {
      out.is_unlimited_stock = item.pendingUnlimited;
      if (!item.pendingUnlimited) out.available_stock_quantity = Math.max(0, Math.floor(item.pendingStock ?? 0));
    }
    return out;
  }

  /** Reads back every sent item; settles confirmed ones, schedules a retry for the ones that did not take. */
  private async verifyAndSettle(account: CartonaAccount, client: CartonaClient, claimId: string, items: ClaimedItem[]): Promise<{ confirmed: number; failed: number }> {
    const outcomes: ItemOutcome[] = [];
    let cursor = 0;
    const worker = async () => {
      while (cursor < items.length) {
        const item = items[cursor++];
        outcomes.push(await this.verifyOne(account, client, claimId, item));
      }
    };
    if (account.verifyMode === 'none') {
      outcomes.push(...items.map((i) => this.success(i, claimId)));
    } else {
      await Promise.all(Array.from({ length: Math.min(READBACK_CONCURRENCY, items.length) }, worker));
    }
    await this.mappings.settle(outcomes);
    const failed = outcomes.filter((o) => !o.ok);
    for (const o of failed.filter((f) => f.giveUp)) {
      const item = items.find((i) => i.id === o.id)!;
      await this.errors.raise({ accountId: account.id, kind: 'product', ref: String(item.odooProductId), code: 'CARTONA.NOT_APPLIED', message: o.error ?? 'not applied' });
    }
    const confirmedIds = outcomes.filter((o) => o.ok).map((o) => items.find((i) => i.id === o.id)!.odooProductId);
    if (confirmedIds.length) await this.errors.resolveRefs(confirmedIds.map(String), ['product']);
    if (failed.length) {
      const next = Math.min(...failed.map((f) => f.retryAt?.getTime() ?? Date.now()));
      await this.schedule(account, next - Date.now());
    }
    return { confirmed: outcomes.length - failed.length, failed: failed.length };
  }

  private async verifyOne(account: CartonaAccount, client: CartonaClient, claimId: string, item: ClaimedItem): Promise<ItemOutcome> {
    let rows: CartonaProductRow[];
    try {
      rows = await client.listProducts(item.supplierProductId ? { supplierProductId: item.supplierProductId, perPage: 1 } : { internalProductId: item.internalProductId!, perPage: 1 });
    } catch (err) {
      // Could not verify: assume nothing; the item is retried (an absolute value is safe to resend).
      const attempt = item.attempts + 1;
      return this.failure(item, claimId, `read-back failed: ${String((err as Error).message)}`, new Date(Date.now() + backoffMs(attempt)), attempt);
    }
    const row = rows.find((r) => (item.supplierProductId ? r.supplierProductId === item.supplierProductId : r.internalProductId === item.internalProductId));
    const attempt = item.attempts + 1;
    const retryAt = new Date(Date.now() + backoffMs(attempt));
    if (!row) {
      return this.failure(item, claimId, `Cartona has no product with ${item.supplierProductId ? `supplier_product_id ${item.supplierProductId}` : `internal_product_id ${item.internalProductId}`}`, retryAt, attempt);
    }
    const problems: string[] = [];
    if (item.pendingPrice !== null && account.pushPrices && (row.sellingPrice === null || Math.abs(row.sellingPrice - item.pendingPrice) > PRICE_TOLERANCE)) {
      problems.push(`price is ${row.sellingPrice ?? 'unknown'}, sent ${item.pendingPrice}`);
    }
    if (item.pendingUnlimited !== null && account.pushStock) {
      if (item.pendingUnlimited) {
        if (row.isUnlimitedStock === false) problems.push('stock is not unlimited');
      } else if (row.availableStock === null || row.availableStock !== Math.max(0, Math.floor(item.pendingStock ?? 0))) {
        problems.push(`stock is ${row.availableStock ?? 'unknown'}, sent ${item.pendingStock}`);
      }
    }
    if (problems.length) return this.failure(item, claimId, `Cartona did not apply the update: ${problems.join('; ')}`, retryAt, attempt);
    return this.success(item, claimId);
  }

  private success(item: ClaimedItem, claimId: string): ItemOutcome {
    pushItems.inc({ outcome: 'confirmed' });
    return {
      id: item.id, claimId, ok: true,
      sentPrice: item.pendingPrice, sentUnlimited: item.pendingUnlimited, sentStock: item.pendingUnlimited === false ? Math.max(0, Math.floor(item.pendingStock ?? 0)) : null,
    };
  }
}
