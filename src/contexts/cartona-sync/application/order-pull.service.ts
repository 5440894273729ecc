import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppError } from '../../../infrastructure/errors';
import { CartonaOrderNotFound } from '../domain/cartona-sync.errors';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import { CartonaAccountsService } from './cartona-accounts.service';
import { OrderImportService } from './order-import.service';

const MAX_PASSES = 10;
const INGEST_CONCURRENCY = 8;

async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const pulled = new Counter({ name: 'hub_cartona_orders_pulled_total', help: 'Order objects returned by pull-orders' });
const pullFailures = new Counter({ name: 'hub_cartona_pull_failures_total', help: 'Failed pull-orders cycles, by code', labelNames: ['code'] });

/**
 * The minute's `order/pull-orders` cycle for every account. Pages are read until one comes back
 * short (Cartona's module read only the first 100, reference §8.4); if Cartona ignores `page`,
 * a page that repeats the previous one stops the loop. Every order is stored before anything
 * else happens to it; acknowledgements follow the Odoo commit (see OrderImportService).
 */
@Injectable()
export class OrderPullService {
  private readonly logger = new Logger(OrderPullService.name);

  constructor(
    private readonly accounts: CartonaAccountsService,
    private readonly imports: OrderImportService,
    private readonly cursors: SyncCursorRepository,
    private readonly errors: SyncErrorRepository,
    private readonly links: OrderLinkRepository,
  ) {}

  async pullAll(accountId?: string): Promise<Record<string, { orders: number; error?: string }>> {
    const out: Record<string, { orders: number; error?: string }> = {};
    const accounts = accountId ? [await this.accounts.get(accountId)] : (await this.accounts.enabled()).filter((a) => a.importOrders);
    for (const account of accounts) {
      try {
        out[account.id] = { orders: await this.pull(account) };
      } catch (err) {
        out[account.id] = { orders: 0, error: err instanceof AppError ? err.code : String(err) };
      }
    }
    return out;
  }

  async pull(account: CartonaAccount): Promise<number> {
    const client = this.accounts.client(account);
    await this.cursors.set(account.id, Cursor.LastPullAttempt, new Date().toISOString());
    const now = new Date();
    const from = new Date(now.getTime() - 24 * 3600_000);
    let total = 0;
    const seen = new Set<string>();
    try {
      // Acks made while paging shrink Cartona's unacknowledged set and shift later pages, so a
      // cycle that saw a full page reads again from page 1 until a pass brings nothing new.
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        let fresh = 0;
        let fullPage = false;
        let previous = '';
        for (let page = 1; page <= account.pullMaxPages; page++) {
          const orders = await client.pullOrders({ page, perPage: account.pullPerPage, from: from.toISOString(), to: now.toISOString() });
          const idsOnPage = orders.map((o) => String((o as { hashed_id?: unknown }).hashed_id ?? ''));
          // The same page twice means Cartona ignores `page`: everything it has was returned.
          const signature = idsOnPage.join(',');
          if (page > 1 && signature === previous) break;
          previous = signature;
          const unseen = orders.filter((_, i) => !seen.has(idsOnPage[i]) && seen.add(idsOnPage[i]));
          await forEachLimit(unseen, INGEST_CONCURRENCY, (raw) => this.imports.ingest(account, raw));
          fresh += unseen.length;
          pulled.inc(unseen.length);
          if (orders.length < account.pullPerPage) break;
          fullPage = true;
        }
        total += fresh;
        if (!fullPage || !fresh) break;
      }
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'UNEXPECTED';
      pullFailures.inc({ code });
      await this.errors.raise({ accountId: account.id, kind: 'pull', ref: `account:${account.id}`, code, message: String((err as Error).message) });
      throw err;
    }
    await this.cursors.set(account.id, Cursor.LastPullOk, new Date().toISOString());
    await this.errors.resolve(`account:${account.id}`, ['pull']);
    return total;
  }

  /** The `synced` acknowledgement, sent only for content that is committed in Odoo. */
  async ack(hashedId: string, payloadHash: string): Promise<'acked' | 'skipped'> {
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    if (link.appliedHash !== payloadHash || link.ackedHash === payloadHash) return 'skipped';
    const account = await this.accounts.get(link.accountId);
    try {
      await this.accounts.client(account).updateOrderStatus({ hashed_id: hashedId, status: 'synced' });
    } catch (err) {
      await this.links.update(hashedId, { ackAttempts: link.ackAttempts + 1, ackError: String((err as Error).message).slice(0, 2000) });
      await this.errors.raise({ accountId: account.id, kind: 'ack', ref: hashedId, code: err instanceof AppError ? err.code : 'UNEXPECTED', message: String((err as Error).message) });
      throw err;
    }
    await this.links.markAcked(hashedId, payloadHash);
    await this.errors.resolve(hashedId, ['ack']);
    return 'acked';
  }
}
