import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../../../infrastructure/config';
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

interface Lease { renew(): Promise<void>; release(): Promise<void> }
const LEASE_PREFIX = 'cartona:push-lease:';
const LEASE_MS = 10_000;
const SENDS_IN_FLIGHT = 4;

const MAX_ITEM_ATTEMPTS = 6;
/** Read-back waits this long after the send, so it checks a batch (or several) at once. */
const VERIFY_AFTER_MS = 1000;
const PER_ITEM_VERIFY_LIMIT = 25;
const MAX_VERIFY_ITEMS = 20_000;
const LISTING_PAGE_SIZE = 100;
const MAX_LISTING_PAGES = 2_000;
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
  /** Pages the account's Cartona product list had at the last full read (a hint for choosing how to verify). */
  private readonly catalogPages = new Map<string, number>();

  constructor(
    private readonly mappings: ProductMappingRepository,
    private readonly accounts: CartonaAccountsService,
    private readonly errors: SyncErrorRepository,
    private readonly cursors: SyncCursorRepository,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
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
   * has waited long enough (or `force`). Sent items await a read-back (see `verify`).
   */
  async flush(accountId: string, force = false): Promise<{ batches: number; sent: number; busy?: boolean }> {
    const account = await this.accounts.get(accountId);
    const totals = { batches: 0, sent: 0 };
    if (!account.enabled || (!account.pushPrices && !account.pushStock)) return totals;
    // One flusher per account at a time (across instances): it drains everything due, so a
    // second one would only split batches and contend for the same rows.
    const lease = await this.acquireLease(account.id);
    if (!lease) {
      // The holder may be about to finish: look again shortly so nothing recorded meanwhile waits.
      await this.schedule(account, 250);
      return { ...totals, busy: true };
    }
    try {
      return await this.drain(account, force, totals, lease);
    } finally {
      await lease.release();
    }
  }

  private async drain(account: CartonaAccount, force: boolean, totals: { batches: number; sent: number }, lease: Lease): Promise<{ batches: number; sent: number }> {
    const client = this.accounts.client(account);
    // Up to SENDS_IN_FLIGHT batches travel at once; claims are atomic, so they never overlap.
    const inFlight = new Set<Promise<void>>();
    let stopped = false;
    const launch = (claimId: string, items: ClaimedItem[]) => {
      const p: Promise<void> = this.sendBatch(account, client, claimId, items).then(async (sent) => {
        if (sent === 'stop') {
          stopped = true;
          return;
        }
        totals.batches++;
        totals.sent += sent.length;
        if (sent.length) await this.scheduleVerify(account, VERIFY_AFTER_MS);
      }).finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    try {
      while (!stopped) {
        await lease.renew();
        if (account.rateLimitedUntil && account.rateLimitedUntil.getTime() > Date.now()) {
          await this.schedule(account, account.rateLimitedUntil.getTime() - Date.now());
          break;
        }
        const stats = await this.mappings.dueStats(account.id);
        if (stats.due === 0) {
          if (stats.nextRetryAt) await this.schedule(account, stats.nextRetryAt.getTime() - Date.now());
          if (!inFlight.size) break;
          await Promise.race(inFlight);
          continue;
        }
        const oldestAge = stats.oldest ? Date.now() - stats.oldest.getTime() : 0;
        if (!force && stats.due < account.batchSize && oldestAge < account.flushDelayMs) {
          await this.schedule(account, account.flushDelayMs - oldestAge);
          break;
        }
        const claimId = randomUUID();
        const items = await this.mappings.claim(account.id, claimId, account.batchSize);
        if (!items.length) {
          // Due rows exist but are locked by a concurrent write: look again shortly.
          if (!inFlight.size) {
            await this.schedule(account, 250);
            break;
          }
          await Promise.race(inFlight);
          continue;
        }
        launch(claimId, items);
        if (inFlight.size >= SENDS_IN_FLIGHT) await Promise.race(inFlight);
      }
    } finally {
      await Promise.all(inFlight);
    }
    return totals;
  }

  private async acquireLease(accountId: string): Promise<Lease | null> {
    const redis = this.queue.client;
    const key = `${this.config.redis.queuePrefix}:${LEASE_PREFIX}${accountId}`;
    const token = randomUUID();
    if ((await redis.set(key, token, 'PX', LEASE_MS, 'NX')) !== 'OK') return null;
    let renewedAt = Date.now();
    return {
      renew: async () => {
        if (Date.now() - renewedAt < LEASE_MS / 3) return;
        renewedAt = Date.now();
        await redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`, 1, key, token, String(LEASE_MS));
      },
      release: async () => {
        await redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, key, token).catch(() => undefined);
      },
    };
  }

  async scheduleVerify(account: Pick<CartonaAccount, 'id'>, delayMs: number): Promise<void> {
    const slot = Math.ceil((Date.now() + delayMs) / 250);
    await enqueueJob<Omit<PushProductsData, 'meta'>>(this.queue, CartonaJob.VerifyProducts, { accountId: account.id }, {
      idempotencyKey: `verify:${account.id}:${slot}`, delay: Math.max(0, slot * 250 - Date.now()), removeOnComplete: true, attempts: 5,
    });
  }

  /**
   * Reads back what was sent and settles each item: confirmed, or retried later (only the items
   * that did not take). A few items are read one by one; many are checked against the paged
   * product list in one pass, so verification costs at most a catalogue read per round.
   */
  async verify(accountId: string): Promise<{ confirmed: number; failed: number }> {
    const account = await this.accounts.get(accountId);
    const items = await this.mappings.awaitingVerification(account.id, 0, MAX_VERIFY_ITEMS);
    if (!items.length) return { confirmed: 0, failed: 0 };
    const client = this.accounts.client(account);
    let outcomes: ItemOutcome[];
    if (account.verifyMode === 'none') {
      outcomes = items.map((i) => this.success(i));
    } else if (items.length <= Math.max(PER_ITEM_VERIFY_LIMIT, this.catalogPages.get(account.id) ?? 0)) {
      // Cheaper than reading the whole list: fewer items than the list has pages.
      outcomes = await this.verifyOneByOne(account, client, items);
    } else {
      outcomes = await this.verifyFromListing(account, client, items);
    }
    await this.mappings.settle(outcomes);
    const failed = outcomes.filter((o) => !o.ok);
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const o of failed.filter((f) => f.giveUp)) {
      await this.errors.raise({ accountId: account.id, kind: 'product', ref: String(byId.get(o.id)!.odooProductId), code: 'CARTONA.NOT_APPLIED', message: o.error ?? 'not applied' });
    }
    const confirmed = outcomes.filter((o) => o.ok).map((o) => String(byId.get(o.id)!.odooProductId));
    if (confirmed.length) {
      await this.errors.resolveRefs(confirmed, ['product']);
      await this.cursors.set(account.id, Cursor.LastPushOk, new Date().toISOString());
    }
    // Values recorded while these were in flight (and failed items) still have to go out.
    const due = await this.mappings.dueStats(account.id);
    if (due.due > 0) await this.schedule(account, 0);
    else if (due.nextRetryAt) await this.schedule(account, due.nextRetryAt.getTime() - Date.now());
    if (items.length === MAX_VERIFY_ITEMS || (await this.mappings.countAwaitingVerification(account.id)) > 0) await this.scheduleVerify(account, VERIFY_AFTER_MS);
    return { confirmed: confirmed.length, failed: failed.length };
  }

  /** Sends one claimed batch; returns the items whose send Cartona accepted, or 'stop'. */
  private async sendBatch(account: CartonaAccount, client: CartonaClient, claimId: string, items: ClaimedItem[]): Promise<ClaimedItem[] | 'stop'> {
    const accepted: ClaimedItem[] = [];
    const rejected: ItemOutcome[] = [];
    const stop = await this.sendOrBisect(account, client, claimId, items, accepted, rejected);
    if (rejected.length) await this.mappings.settle(rejected);
    await this.mappings.markSent(claimId, accepted.map((i) => ({ id: i.id, ...this.sentValues(account, i) })));
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
      sentPrice: item.sentPrice ?? item.pendingPrice, sentUnlimited: item.sentUnlimited ?? item.pendingUnlimited, sentStock: item.sentStock ?? item.pendingStock,
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

  /** The values an item's bulk element carries (what read-back must find). */
  private sentValues(account: CartonaAccount, item: ClaimedItem): { price: number | null; unlimited: boolean | null; stock: number | null } {
    const price = item.pendingPrice !== null && account.pushPrices ? item.pendingPrice : null;
    const unlimited = item.pendingUnlimited !== null && account.pushStock ? item.pendingUnlimited : null;
    const stock = unlimited === false ? Math.max(0, Math.floor(item.pendingStock ?? 0)) : null;
    return { price, unlimited, stock };
  }

  private async verifyOneByOne(account: CartonaAccount, client: CartonaClient, items: ClaimedItem[]): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    let cursor = 0;
    const worker = async () => {
      while (cursor < items.length) {
        const item = items[cursor++];
        let rows: CartonaProductRow[];
        try {
          rows = await client.listProducts(item.supplierProductId ? { supplierProductId: item.supplierProductId, perPage: 1 } : { internalProductId: item.internalProductId!, perPage: 1 });
        } catch (err) {
          // Could not verify: the item is sent again later (an absolute value is safe to resend).
          outcomes.push(this.failure(item, item.claimId!, `read-back failed: ${String((err as Error).message)}`, new Date(Date.now() + backoffMs(item.attempts + 1)), item.attempts + 1));
          continue;
        }
        const row = rows.find((r) => (item.supplierProductId ? r.supplierProductId === item.supplierProductId : r.internalProductId === item.internalProductId));
        outcomes.push(this.compare(item, row));
      }
    };
    await Promise.all(Array.from({ length: Math.min(READBACK_CONCURRENCY, items.length) }, worker));
    return outcomes;
  }

  private async verifyFromListing(account: CartonaAccount, client: CartonaClient, items: ClaimedItem[]): Promise<ItemOutcome[]> {
    const bySupplier = new Map<string, CartonaProductRow>();
    const byInternal = new Map<string, CartonaProductRow>();
    const wanted = new Set(items.map((i) => (i.supplierProductId ? `s:${i.supplierProductId}` : `i:${i.internalProductId}`)));
    let previousFirst: string | null = null;
    let pages = 0;
    try {
      for (let page = 1; page <= MAX_LISTING_PAGES && wanted.size; page++) {
        const rows = await client.listProducts({ page, perPage: LISTING_PAGE_SIZE });
        const first = rows[0] ? `${rows[0].supplierProductId}|${rows[0].internalProductId}` : null;
        if (!rows.length || (page > 1 && first === previousFirst)) break;
        previousFirst = first;
        for (const r of rows) {
          if (r.supplierProductId) { bySupplier.set(r.supplierProductId, r); wanted.delete(`s:${r.supplierProductId}`); }
          if (r.internalProductId) { byInternal.set(r.internalProductId, r); wanted.delete(`i:${r.internalProductId}`); }
        }
        pages = page;
        if (rows.length < LISTING_PAGE_SIZE) break;
      }
      if (!wanted.size || pages > (this.catalogPages.get(account.id) ?? 0)) this.catalogPages.set(account.id, pages);
    } catch (err) {
      return items.map((i) => this.failure(i, i.claimId!, `read-back failed: ${String((err as Error).message)}`, new Date(Date.now() + backoffMs(i.attempts + 1)), i.attempts + 1));
    }
    return items.map((i) => this.compare(i, i.supplierProductId ? bySupplier.get(i.supplierProductId) : byInternal.get(i.internalProductId!)));
  }

  private compare(item: ClaimedItem, row: CartonaProductRow | undefined): ItemOutcome {
    const attempt = item.attempts + 1;
    const retryAt = new Date(Date.now() + backoffMs(attempt));
    if (!row) {
      return this.failure(item, item.claimId!, `Cartona has no product with ${item.supplierProductId ? `supplier_product_id ${item.supplierProductId}` : `internal_product_id ${item.internalProductId}`}`, retryAt, attempt);
    }
    const problems: string[] = [];
    if (item.sentPrice !== null && (row.sellingPrice === null || Math.abs(row.sellingPrice - item.sentPrice) > PRICE_TOLERANCE)) {
      problems.push(`price is ${row.sellingPrice ?? 'unknown'}, sent ${item.sentPrice}`);
    }
    if (item.sentUnlimited === true && row.isUnlimitedStock === false) problems.push('stock is not unlimited');
    if (item.sentUnlimited === false && (row.availableStock === null || row.availableStock !== item.sentStock)) {
      problems.push(`stock is ${row.availableStock ?? 'unknown'}, sent ${item.sentStock}`);
    }
    if (problems.length) return this.failure(item, item.claimId!, `Cartona did not apply the update: ${problems.join('; ')}`, retryAt, attempt);
    return this.success(item);
  }

  private success(item: ClaimedItem): ItemOutcome {
    pushItems.inc({ outcome: 'confirmed' });
    return { id: item.id, claimId: item.claimId!, ok: true, sentPrice: item.sentPrice, sentUnlimited: item.sentUnlimited, sentStock: item.sentStock };
  }
}
