import { Injectable } from '@nestjs/common';
import { NotFound } from '../../../infrastructure/errors';
import type { DependencyHealth } from '../../../infrastructure/health';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { ProductMappingRepository } from '../persistence/product-mapping.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import { CartonaAccountsService } from './cartona-accounts.service';
import { OrderImportService } from './order-import.service';
import { OrderStatusService } from './order-status.service';
import { ProductPushService } from './product-push.service';

/** What the sync dashboard shows and the retries it offers. */
@Injectable()
export class SyncDashboardService {
  constructor(
    private readonly accounts: CartonaAccountsService,
    private readonly mappings: ProductMappingRepository,
    private readonly links: OrderLinkRepository,
    private readonly errors: SyncErrorRepository,
    private readonly cursors: SyncCursorRepository,
    private readonly push: ProductPushService,
    private readonly imports: OrderImportService,
    private readonly status: OrderStatusService,
  ) {}

  async overview() {
    const out = [];
    for (const a of await this.accounts.list()) {
      const [products, orders, openErrors, oldest, cursors] = await Promise.all([
        this.mappings.stateCounts(a.id), this.links.counts(a.id), this.errors.countsByKind(a.id), this.mappings.oldestPending(a.id), this.cursors.all(a.id),
      ]);
      const cursor = (n: string) => cursors.find((c) => c.name === n)?.value ?? null;
      out.push({
        accountId: a.id, name: a.name, enabled: a.enabled, products, orders: orders.byState, ordersUnacknowledged: orders.unacked,
        statusPushes: orders.statusPush, openErrors, pushLagSeconds: oldest ? (Date.now() - oldest.getTime()) / 1000 : null,
        lastPullOkAt: cursor(Cursor.LastPullOk), lastPullAttemptAt: cursor(Cursor.LastPullAttempt), lastPushOkAt: cursor(Cursor.LastPushOk),
        lastStatusPushOkAt: cursor(Cursor.LastStatusPushOk), rateLimitedUntil: a.rateLimitedUntil?.toISOString() ?? null,
      });
    }
    return { accounts: out };
  }

  /**
   * `/health/ready` entry (not critical: the hub serves without Cartona): up when every enabled
   * account pulled successfully in the last 5 minutes, degraded when one did not or is rate limited.
   */
  async health(): Promise<DependencyHealth> {
    const accounts = (await this.accounts.enabled()).filter((a) => a.importOrders);
    if (!accounts.length) return { status: 'up', details: { accounts: 0 } };
    const details: Record<string, unknown> = {};
    let degraded = false;
    for (const a of accounts) {
      const last = await this.cursors.get(a.id, Cursor.LastPullOk);
      const age = last ? Math.round((Date.now() - Date.parse(last)) / 1000) : null;
      const limited = !!a.rateLimitedUntil && a.rateLimitedUntil.getTime() > Date.now();
      if (age === null || age > 300 || limited) degraded = true;
      details[a.name] = { lastPullOkSecondsAgo: age, rateLimited: limited };
    }
    return { status: degraded ? 'degraded' : 'up', details };
  }

  /** Retries what one open error is about (the product push, the order import, the ack or the status push). */
  async retryError(id: string): Promise<number> {
    const e = await this.errors.findOpen(id);
    if (!e) throw new NotFound(`Open sync error ${id} not found`, 'CARTONA.ERROR_NOT_FOUND');
    const n = await this.retryRef(e.kind, e.ref, e.accountId);
    await this.errors.resolveById(id);
    return n;
  }

  async retryAll(accountId?: string): Promise<number> {
    let n = 0;
    for (let offset = 0; ; offset += 500) {
      const [rows] = await this.errors.list({ accountId, limit: 500, offset: 0 });
      if (!rows.length) break;
      for (const e of rows) {
        n += await this.retryRef(e.kind, e.ref, e.accountId);
        await this.errors.resolveById(e.id);
      }
      if (rows.length < 500) break;
    }
    n += await this.mappings.retryErrored(accountId ?? null);
    for (const a of accountId ? [await this.accounts.get(accountId)] : await this.accounts.enabled()) await this.push.schedule(a, 0);
    return n;
  }

  private async retryRef(kind: string, ref: string, accountId: string | null): Promise<number> {
    const tag = `retry-${Date.now()}`;
    if (kind === 'product') {
      const [m] = accountId ? await this.mappings.byOdooIds(accountId, [Number(ref)]) : [];
      if (!m) return 0;
      const n = await this.mappings.retryErrored(accountId, [m.id]);
      await this.push.schedule({ id: m.accountId }, 0);
      return n;
    }
    if (kind === 'push' && accountId) {
      await this.push.schedule({ id: accountId }, 0);
      return 1;
    }
    const link = await this.links.find(ref);
    if (!link) return 0;
    if (kind === 'order') {
      await this.links.update(ref, { appliedHash: link.state === 'imported' && link.errorCode === null ? link.appliedHash : null, state: link.odooOrderId ? 'imported' : 'received' });
      await this.imports.enqueueImport(ref, link.payloadHash, tag);
    } else if (kind === 'ack') {
      await this.imports.enqueueAck(ref, link.payloadHash, tag);
    } else if (kind === 'status' && link.statusTarget) {
      await this.links.update(ref, { statusPushState: link.statusTarget === 'delivered' && link.needsOtp && !link.retailerOtp ? 'waiting_otp' : 'pending' });
      await this.status.enqueueStatus(ref, tag);
    } else if (kind === 'details') {
      await this.links.update(ref, { detailsPushState: 'pending' });
      await this.status.enqueueDetails(ref, tag);
    }
    return 1;
  }
}
