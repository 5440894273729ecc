import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { AppError, UpstreamUnavailable } from '../../../infrastructure/errors';
import { enqueueJob } from '../../../infrastructure/queues';
import {
  needsRetailerOtp, orderPayloadHash, parseCartonaOrder, paymentMethodOf, retailerKey, type CartonaOrder,
} from '../domain/cartona-order';
import { isCancelled, odooActionForCartona } from '../domain/cartona-status';
import { CartonaOrderNotFound } from '../domain/cartona-sync.errors';
import { orderNote } from '../domain/order-note';
import { OdooOrdersPort, type OdooOrderSnapshot } from '../integration/odoo-orders.port';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import type { CartonaOrderLink } from '../persistence/cartona-order-link.entity';
import { OrderLinkRepository, type IngestResult } from '../persistence/order-link.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import { CARTONA_QUEUE, CartonaJob, LONG_RETRY, type AckOrderData, type ImportOrderData } from '../jobs/cartona-sync.jobs';
import { CartonaAccountsService } from './cartona-accounts.service';
import { OrderLinesResolver, type ResolvedLine } from './order-lines.resolver';

const ordersImported = new Counter({ name: 'hub_cartona_orders_total', help: 'Cartona orders handled, by outcome', labelNames: ['outcome'] });

export type ImportOutcome = 'created' | 'linked' | 'updated' | 'unchanged' | 'held' | 'conflict' | 'busy';

/** Odoo can still take line changes: not cancelled, and nothing delivered yet. */
export function odooOrderEditable(s: OdooOrderSnapshot): boolean {
  if (s.state === 'cancel' || s.state === 'done') return false;
  return !s.pickings.some((p) => p.outgoing && p.state === 'done');
}

function sameLines(snapshot: OdooOrderSnapshot, lines: ResolvedLine[]): boolean {
  const key = (p: number, q: number, price: number) => `${p}|${q}|${Math.round(price * 100)}`;
  const a = snapshot.lines.map((l) => key(l.productId, l.qty, l.priceUnit)).sort();
  const b = lines.map((l) => key(l.odooProductId, l.qty, l.priceUnit)).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Cartona → Odoo orders, exactly once. An order (pulled or pushed) is stored first, unique on
 * `hashed_id`; the import runs under a lease, finds the Odoo order by `client_order_ref` before
 * creating one (an Odoo `create` is not safe to retry), creates it in one call with all lines
 * (never half an order), and only after Postgres holds the link is `synced` queued for Cartona.
 * An order with an unmapped product is held with every reason named and retried on the next
 * pull or on demand.
 */
@Injectable()
export class OrderImportService {
  private readonly logger = new Logger(OrderImportService.name);

  constructor(
    private readonly links: OrderLinkRepository,
    private readonly accounts: CartonaAccountsService,
    private readonly resolver: OrderLinesResolver,
    private readonly odoo: OdooOrdersPort,
    private readonly errors: SyncErrorRepository,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
  ) {}

  /** Stores one raw order object and queues what it needs (import, update, or only the ack). */
  async ingest(account: CartonaAccount, raw: unknown): Promise<IngestResult | { rejected: string }> {
    const { order, problems } = parseCartonaOrder(raw);
    if (!order) {
      await this.errors.raise({ accountId: account.id, kind: 'order', ref: 'unparseable', code: 'INVALID_PAYLOAD', message: problems.join('; ') });
      return { rejected: problems.join('; ') };
    }
    const payloadHash = orderPayloadHash(raw);
    const result = await this.links.ingest(account.id, {
      hashedId: order.hashedId, payload: raw as Record<string, unknown>, payloadHash, supplierCode: order.supplierCode,
      status: order.status ?? order.rawStatus, deliveredBy: order.deliveredBy, paymentMethod: paymentMethodOf(order), needsOtp: needsRetailerOtp(order),
    });
    if (result.appliedHash !== result.payloadHash) {
      if (account.importOrders) await this.enqueueImport(order.hashedId, payloadHash);
    } else if (result.ackedHash !== result.payloadHash) {
      await this.enqueueAck(order.hashedId, payloadHash);
    }
    return result;
  }

  async enqueueImport(hashedId: string, payloadHash: string, tag = String(Math.floor(Date.now() / 30_000))): Promise<void> {
    await enqueueJob<Omit<ImportOrderData, 'meta'>>(this.queue, CartonaJob.ImportOrder, { hashedId }, {
      idempotencyKey: `import:${hashedId}:${payloadHash.slice(0, 16)}:${tag}`, ...LONG_RETRY, removeOnComplete: true,
    });
  }

  async enqueueAck(hashedId: string, payloadHash: string, tag = String(Math.floor(Date.now() / 30_000))): Promise<void> {
    await enqueueJob<Omit<AckOrderData, 'meta'>>(this.queue, CartonaJob.AckOrder, { hashedId, payloadHash }, {
      idempotencyKey: `ack:${hashedId}:${payloadHash.slice(0, 16)}:${tag}`, ...LONG_RETRY, removeOnComplete: true,
    });
  }

  /** The import job: brings the Odoo order in line with the latest Cartona content. */
  async importOrder(hashedId: string): Promise<ImportOutcome> {
    const claimId = randomUUID();
    const link = await this.links.claim(hashedId, claimId);
    if (!link) {
      const exists = await this.links.find(hashedId);
      if (!exists) throw new CartonaOrderNotFound(hashedId);
      // Another worker holds it (a pull and a webhook raced): try again shortly.
      throw new UpstreamUnavailable('cartona', `order ${hashedId} is being imported by another worker`, 5, undefined, 'CARTONA.ORDER_BUSY');
    }
    try {
      const outcome = await this.importClaimed(link, claimId);
      ordersImported.inc({ outcome });
      return outcome;
    } catch (err) {
      const e = err instanceof AppError ? err : undefined;
      await this.links.updateClaimed(hashedId, claimId, {
        state: link.odooOrderId ? link.state : 'failed', lastError: String((err as Error).message).slice(0, 2000), errorCode: e?.code ?? 'UNEXPECTED',
      }, true);
      await this.errors.raise({ accountId: link.accountId, kind: 'order', ref: hashedId, code: e?.code ?? 'UNEXPECTED', message: String((err as Error).message) });
      ordersImported.inc({ outcome: 'failed' });
      throw err;
    }
  }

  private async importClaimed(link: CartonaOrderLink, claimId: string): Promise<ImportOutcome> {
    const hash = link.payloadHash;
    if (link.appliedHash === hash) {
      await this.links.updateClaimed(link.hashedId, claimId, {}, true);
      if (link.ackedHash !== hash) await this.enqueueAck(link.hashedId, hash);
      return 'unchanged';
    }
    const account = await this.accounts.get(link.accountId);
    const { order, problems } = parseCartonaOrder(link.payload);
    if (!order || problems.length) return this.hold(link, claimId, 'invalid_payload', `Cartona order ${link.hashedId} is malformed`, problems);

    const resolved = await this.resolver.resolve(account, order);
    const activeLines = order.lines.filter((l) => !l.cancelled);
    const everythingCancelled = isCancelled(order.status) && resolved.lines.length === 0;
    if (resolved.problems.length && !everythingCancelled) {
      return this.hold(link, claimId, resolved.problems[0].code, `Cartona order ${link.hashedId} has ${resolved.problems.length} line(s) not linked to Odoo products`,
        resolved.problems.map((p) => p.message));
    }
    if (!activeLines.length && !isCancelled(order.status)) {
      return this.hold(link, claimId, 'no_valid_order_lines', `Cartona order ${link.hashedId} has no lines`, ['order_details is empty']);
    }

    let odooId = link.odooOrderId;
    let outcome: ImportOutcome = 'updated';
    let snapshot: OdooOrderSnapshot | null = null;
    if (odooId === null) {
      // Find before create: a retry after a crash (or a lost Postgres write) finds its own earlier order.
      snapshot = await this.odoo.findOrderByClientRef(link.hashedId, account.odooCompanyId);
      if (snapshot) {
        odooId = snapshot.id;
        outcome = 'linked';
      } else {
        odooId = await this.create(account, order, resolved.lines);
        outcome = 'created';
      }
      await this.links.updateClaimed(link.hashedId, claimId, { odooOrderId: odooId, importedAt: new Date() });
    }
    snapshot = (await this.odoo.readOrder(odooId, account.assignmentField)) ?? null;
    if (!snapshot) {
      return this.conflict(link, claimId, 'odoo_order_missing', `Odoo order ${odooId} of Cartona order ${link.hashedId} no longer exists`);
    }
    if (outcome === 'created') {
      await this.links.updateClaimed(link.hashedId, claimId, {
        odooOrderName: snapshot.name, lineMap: lineMapOf(snapshot, resolved.lines),
      });
    } else if (!sameLines(snapshot, resolved.lines) && resolved.lines.length) {
      if (!odooOrderEditable(snapshot)) {
        await this.odoo.postNote(odooId, `Cartona changed the lines of order ${link.hashedId}, but the Odoo order can no longer change (${snapshot.state}, delivered). Review by hand.`);
        return this.conflict(link, claimId, 'order_locked', `Cartona changed order ${link.hashedId} after the Odoo order ${snapshot.name} was delivered or locked`);
      }
      const withIds = resolved.lines.map((l) => ({ ...l, productId: l.odooProductId, odooLineId: (link.lineMap ?? []).find((m) => m.cartonaLineId === l.cartonaLineId)?.odooLineId }));
      await this.odoo.replaceLines(odooId, snapshot.lines, withIds);
      snapshot = (await this.odoo.readOrder(odooId, account.assignmentField)) ?? snapshot;
      await this.links.updateClaimed(link.hashedId, claimId, { lineMap: lineMapOf(snapshot, resolved.lines) });
    }

    const statusResult = await this.applyStatus(account, link, order, snapshot);
    if (statusResult === 'conflict') {
      return this.conflict(link, claimId, 'cancel_after_delivery', `Cartona reports order ${link.hashedId} ${order.rawStatus}, but Odoo already delivered it`);
    }
    // Committed in Odoo and in Postgres: only now may Cartona be told `synced`.
    await this.links.updateClaimed(link.hashedId, claimId, {
      state: 'imported', appliedHash: link.payloadHash, appliedStatus: order.status ?? order.rawStatus, cartonaStatus: order.status ?? order.rawStatus,
      odooState: statusResult.state, errorCode: null, lastError: null,
    }, true);
    await this.errors.resolve(link.hashedId, ['order']);
    await this.enqueueAck(link.hashedId, link.payloadHash);
    return outcome;
  }

  private async create(account: CartonaAccount, order: CartonaOrder, lines: ResolvedLine[]): Promise<number> {
    const partnerId = await this.odoo.findOrCreateRetailer(order.retailer, { companyId: account.odooCompanyId, key: retailerKey(order.retailer) });
    return this.odoo.createOrder({
      partnerId,
      clientOrderRef: order.hashedId,
      origin: `Cartona ${order.receiptId ?? order.hashedId}`,
      warehouseId: account.odooWarehouseId,
      companyId: account.odooCompanyId,
      pricelistId: account.odooPricelistId,
      commitmentDate: order.estimatedDeliveryDay ?? order.retailerPreferredDeliveryDate,
      note: orderNote(order),
      lines: lines.map((l) => ({ productId: l.odooProductId, qty: l.qty, priceUnit: l.priceUnit, name: l.name })),
    });
  }

  /** Applies Cartona's status to Odoo once per status value (inbound; never echoed back). */
  private async applyStatus(account: CartonaAccount, link: CartonaOrderLink, order: CartonaOrder, snapshot: OdooOrderSnapshot): Promise<{ state: string } | 'conflict'> {
    const status = order.status;
    if (status && link.appliedStatus === status) return { state: snapshot.state };
    const action = odooActionForCartona(status);
    if (action === 'confirm' && (snapshot.state === 'draft' || snapshot.state === 'sent')) {
      await this.odoo.confirmOrder(snapshot.id);
      return { state: 'sale' };
    }
    if (action === 'cancel' && snapshot.state !== 'cancel') {
      if (snapshot.pickings.some((p) => p.outgoing && p.state === 'done')) {
        await this.odoo.postNote(snapshot.id, `Cartona reports ${status} for order ${order.hashedId}, but the delivery is done: a manual return/refund is needed.`);
        return 'conflict';
      }
      await this.odoo.cancelOrder(snapshot.id);
      return { state: 'cancel' };
    }
    if (action === 'flag_return') {
      await this.odoo.postNote(snapshot.id, `Cartona reports order ${order.hashedId} returned${order.returnReason ? `: ${order.returnReason}` : ''}. Handle the return in Odoo.`);
      await this.errors.raise({ accountId: account.id, kind: 'order', ref: order.hashedId, code: 'RETURNED', message: `Order ${order.hashedId} was returned; handle the return in Odoo` });
    }
    return { state: snapshot.state };
  }

  private async hold(link: CartonaOrderLink, claimId: string, code: string, message: string, problems: string[]): Promise<ImportOutcome> {
    await this.links.updateClaimed(link.hashedId, claimId, { state: link.odooOrderId ? 'conflict' : 'held', errorCode: code, lastError: [message, ...problems].join('\n').slice(0, 4000) }, true);
    await this.errors.raise({ accountId: link.accountId, kind: 'order', ref: link.hashedId, code: code.toUpperCase(), message, details: { problems } });
    this.logger.warn({ hashedId: link.hashedId, code, problems: problems.length }, 'cartona order held');
    return 'held';
  }

  private async conflict(link: CartonaOrderLink, claimId: string, code: string, message: string): Promise<ImportOutcome> {
    await this.links.updateClaimed(link.hashedId, claimId, { state: 'conflict', errorCode: code, lastError: message }, true);
    await this.errors.raise({ accountId: link.accountId, kind: 'order', ref: link.hashedId, code: code.toUpperCase(), message });
    return 'conflict';
  }

  /** Replays a held, failed or conflicting order (after fixing a mapping, say): imported again from its stored content. */
  async replay(hashedId: string): Promise<ImportOutcome> {
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    await this.links.update(hashedId, { appliedHash: link.state === 'imported' ? link.appliedHash : null, ...(link.state !== 'imported' ? { state: link.odooOrderId ? 'imported' : 'received' } : {}) });
    return this.importOrder(hashedId);
  }
}

function lineMapOf(snapshot: OdooOrderSnapshot, lines: ResolvedLine[]): Array<{ cartonaLineId: number; odooLineId: number }> {
  // Lines are created in Cartona's order; match by product and position among same-product lines (offers repeat a product).
  const pool = [...snapshot.lines].sort((a, b) => a.id - b.id);
  const out: Array<{ cartonaLineId: number; odooLineId: number }> = [];
  for (const l of lines) {
    const idx = pool.findIndex((p) => p.productId === l.odooProductId);
    if (idx < 0 || l.cartonaLineId === null) continue;
    out.push({ cartonaLineId: l.cartonaLineId, odooLineId: pool[idx].id });
    pool.splice(idx, 1);
  }
  return out;
}
