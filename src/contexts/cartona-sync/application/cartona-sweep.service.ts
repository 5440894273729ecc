import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../../infrastructure/config';
import { enqueueJob } from '../../../infrastructure/queues';
import { OdooCatalogPort } from '../integration/odoo-catalog.port';
import { OdooOrdersPort } from '../integration/odoo-orders.port';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { ProductMappingRepository } from '../persistence/product-mapping.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { CARTONA_QUEUE, CartonaJob, type HandleOdooChangesData } from '../jobs/cartona-sync.jobs';
import { CartonaAccountsService } from './cartona-accounts.service';
import { OrderImportService } from './order-import.service';
import { OrderStatusService } from './order-status.service';
import { ProductChangeService } from './product-change.service';
import { ProductPushService } from './product-push.service';

/** Odoo models whose changes matter to CartonaSync, and what each means. */
export const PRODUCT_MODELS = ['product.product', 'product.template', 'stock.quant', 'stock.move'];
export const ORDER_MODELS = ['sale.order', 'sale.order.line', 'stock.picking'];
const HINT_DEBOUNCE_MS = 200;
const HINT_BATCH = 1000;

/**
 * Entry points for Odoo change notifications (automation-rule receiver or polling) and the
 * sweeper that re-drives anything a lost job or a dead worker left behind: due product pushes,
 * stale claims, orders not imported or not acknowledged, status pushes that failed.
 */
@Injectable()
export class CartonaSweepService {
  private readonly logger = new Logger(CartonaSweepService.name);

  constructor(
    private readonly accounts: CartonaAccountsService,
    private readonly changes: ProductChangeService,
    private readonly push: ProductPushService,
    private readonly mappings: ProductMappingRepository,
    private readonly links: OrderLinkRepository,
    private readonly imports: OrderImportService,
    private readonly status: OrderStatusService,
    private readonly odooOrders: OdooOrdersPort,
    private readonly catalog: OdooCatalogPort,
    private readonly cursors: SyncCursorRepository,
    private readonly config: AppConfig,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
  ) {}

  /** Queues a change notification so the receiver answers Odoo at once. */
  async notifyOdooChanges(model: string, ids: number[], eventId: string): Promise<void> {
    await enqueueJob<Omit<HandleOdooChangesData, 'meta'>>(this.queue, CartonaJob.HandleOdooChanges, { model, ids }, { idempotencyKey: `odoo-change:${eventId}` });
  }

  /**
   * One automation-rule hint: the id joins a per-model set in Redis and one job per 200 ms slot
   * drains the set, so 10,000 hints become a few reads of 500 products each, not 10,000 jobs.
   * (A hint lost with Redis is caught by the write_date poll.)
   */
  async hint(model: string, id: number): Promise<void> {
    if (!PRODUCT_MODELS.includes(model) && !ORDER_MODELS.includes(model)) return;
    await this.queue.client.sadd(this.hintKey(model), String(id));
    const slot = Math.ceil((Date.now() + HINT_DEBOUNCE_MS) / HINT_DEBOUNCE_MS);
    await enqueueJob<Omit<HandleOdooChangesData, 'meta'>>(this.queue, CartonaJob.HandleOdooChanges, { model, ids: [] }, {
      idempotencyKey: `odoo-hints:${model}:${slot}`, delay: Math.max(0, slot * HINT_DEBOUNCE_MS - Date.now()), removeOnComplete: true,
    });
  }

  private hintKey(model: string): string {
    return `${this.config.redis.queuePrefix}:cartona:hints:${model}`;
  }

  async handleOdooChanges(model: string, given: number[]): Promise<{ recorded?: number; queued?: number }> {
    let ids = given;
    if (!ids.length) {
      // Drain the buffered hints (SPOP: each id is handled by exactly one drainer).
      const popped = (await this.queue.client.spop(this.hintKey(model), HINT_BATCH)) as unknown as string[] | null;
      ids = (popped ?? []).map(Number).filter((x) => Number.isInteger(x) && x > 0);
      if (!ids.length) return {};
      if (ids.length === HINT_BATCH) await this.hint(model, ids[0]).catch(() => undefined); // more are waiting
    }
    if (PRODUCT_MODELS.includes(model)) {
      const productIds = model === 'product.template' || model === 'stock.quant' || model === 'stock.move' ? await this.toVariantIds(model, ids) : ids;
      return this.changes.productsChanged(productIds);
    }
    if (ORDER_MODELS.includes(model)) {
      const orderIds = model === 'sale.order' ? ids : await this.toOrderIds(model, ids);
      return this.status.odooOrdersChanged(orderIds);
    }
    return {};
  }

  // Notifications about templates, quants, moves, lines and pickings name those records; Odoo maps them.
  private toVariantIds(model: string, ids: number[]): Promise<number[]> {
    return this.catalog.variantIdsOf(model, ids);
  }
  private toOrderIds(model: string, ids: number[]): Promise<number[]> {
    return this.odooOrders.orderIdsOf(model, ids);
  }

  /** The polling fallback: products, stock, sale orders and deliveries written since the cursors. */
  async pollOdoo(): Promise<Record<string, number | string>> {
    try {
      return await this.pollOdooOnce();
    } catch (err) {
      // Odoo down is routine here: the next tick resumes from the persisted cursors.
      this.logger.warn({ err: String((err as Error).message) }, 'Odoo change poll failed');
      return { error: (err as { code?: string }).code ?? 'UNEXPECTED' };
    }
  }

  private async pollOdooOnce(): Promise<Record<string, number>> {
    const products = await this.changes.pollOdoo();
    const accounts = await this.accounts.enabled();
    if (!accounts.length) return products;
    const anchor = accounts[0].id;
    let orders = 0;
    for (const [name, fetch] of [
      [Cursor.OdooOrders, (c: { id: number; writeDate: string } | null) => this.odooOrders.ordersChangedSince(c, 500).then((r) => r.map((x) => ({ ...x, orderId: x.id })))],
      [Cursor.OdooPickings, (c: { id: number; writeDate: string } | null) => this.odooOrders.pickingsChangedSince(c, 500)],
    ] as const) {
      const raw = await this.cursors.get(anchor, name);
      const cursor = raw ? (JSON.parse(raw) as { id: number; writeDate: string }) : null;
      const rows = await fetch(cursor);
      if (!rows.length) continue;
      await this.status.odooOrdersChanged(rows.map((r) => r.orderId).filter((x): x is number => typeof x === 'number'));
      const last = rows[rows.length - 1];
      await this.cursors.set(anchor, name, JSON.stringify({ id: last.id, writeDate: last.writeDate }));
      orders += rows.length;
    }
    return { ...products, orders };
  }

  async sweep(): Promise<{ claimsReleased: number; accounts: number; orders: number }> {
    const claimsReleased = await this.mappings.releaseStaleClaims(5 * 60_000);
    const accounts = await this.accounts.enabled();
    for (const a of accounts) {
      const stats = await this.mappings.dueStats(a.id);
      if (stats.due > 0) await this.push.schedule(a, 0);
    }
    const stuck = await this.links.stuck(60_000);
    const tag = `sweep-${Date.now()}`;
    for (const s of stuck) {
      const link = await this.links.find(s.hashedId);
      if (!link) continue;
      if (s.need === 'import') await this.imports.enqueueImport(s.hashedId, link.payloadHash, tag);
      else if (s.need === 'ack') await this.imports.enqueueAck(s.hashedId, link.payloadHash, tag);
      else await this.status.enqueueStatus(s.hashedId, tag);
    }
    return { claimsReleased, accounts: accounts.length, orders: stuck.length };
  }
}
