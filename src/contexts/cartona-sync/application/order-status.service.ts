import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Counter } from 'prom-client';
import { AppError, BusinessRuleViolation, ValidationFailed } from '../../../infrastructure/errors';
import { enqueueJob } from '../../../infrastructure/queues';
import { parseCartonaOrder } from '../domain/cartona-order';
import {
  cartonaStatusForOdoo, isCancellationReason, isFinalStatus, LINE_EDITABLE_STATUSES, normaliseStatus, statusRank, type CartonaOrderStatus,
} from '../domain/cartona-status';
import { CartonaOrderNotFound } from '../domain/cartona-sync.errors';
import { CartonaRejected } from '../integration/cartona-api.errors';
import type { CartonaOrderDetailEdit, CartonaStatusUpdate } from '../integration/cartona-api.types';
import { OdooOrdersPort, type OdooOrderSnapshot } from '../integration/odoo-orders.port';
import type { CartonaOrderLink } from '../persistence/cartona-order-link.entity';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import { CARTONA_QUEUE, CartonaJob, LONG_RETRY, type PushOrderDetailsData, type PushOrderStatusData } from '../jobs/cartona-sync.jobs';
import { CartonaAccountsService } from './cartona-accounts.service';

const statusPushes = new Counter({ name: 'hub_cartona_status_pushes_total', help: 'Order status pushes to Cartona, by status and outcome', labelNames: ['status', 'outcome'] });

/** Whether Odoo's view of an order is news to Cartona (never backwards, never after a final status). */
export function shouldPush(target: CartonaOrderStatus, cartonaStatus: string | null, deliveredBy: string | null): boolean {
  const current = normaliseStatus(cartonaStatus).status;
  // Cartona delivers these itself: only a cancellation is the supplier's to send (reference §8.11).
  if (deliveredBy === 'delivered_by_cartona' && target !== 'cancelled_by_supplier') return false;
  if (current === null) return target !== 'pending';
  if (isFinalStatus(current) || current === 'editing') return false;
  if (target === 'cancelled_by_supplier') return true;
  return statusRank(target) > statusRank(current);
}

/**
 * Odoo → Cartona status and line edits. A change Odoo reports is compared with what Cartona is
 * known to hold (so a change that came from Cartona is not echoed back), then pushed through the
 * single `update-order-status/{hashed_id}` endpoint, which reports refusals; failures retry with
 * backoff until they succeed or Cartona refuses for good (then they stay visible).
 */
@Injectable()
export class OrderStatusService {
  private readonly logger = new Logger(OrderStatusService.name);

  constructor(
    private readonly links: OrderLinkRepository,
    private readonly accounts: CartonaAccountsService,
    private readonly odoo: OdooOrdersPort,
    private readonly errors: SyncErrorRepository,
    private readonly cursors: SyncCursorRepository,
    @InjectQueue(CARTONA_QUEUE) private readonly queue: Queue,
  ) {}

  /** Odoo reported these sale orders changed (automation rule, polling, or our own picking watch). */
  async odooOrdersChanged(odooOrderIds: number[]): Promise<{ queued: number }> {
    let queued = 0;
    for (const link of await this.links.byOdooOrderIds([...new Set(odooOrderIds)])) {
      if (link.claimId) continue; // an import is changing it right now; it re-evaluates after (sweeper)
      const account = await this.accounts.get(link.accountId);
      const snapshot = await this.odoo.readOrder(link.odooOrderId!, account.assignmentField);
      if (!snapshot) continue;
      if (await this.evaluate(link, snapshot, account.pushStatuses)) queued++;
    }
    return { queued };
  }

  private async evaluate(link: CartonaOrderLink, s: OdooOrderSnapshot, pushStatuses: boolean): Promise<boolean> {
    const facts = {
      state: s.state,
      assigned: s.pickings.some((p) => p.outgoing && p.assigneeId !== null && p.state !== 'cancel'),
      delivered: s.pickings.some((p) => p.outgoing && p.state === 'done'),
    };
    const target = cartonaStatusForOdoo(facts);
    const patch: Partial<CartonaOrderLink> = { odooState: s.state };
    let queued = false;
    if (pushStatuses && target && target !== 'synced' && shouldPush(target, link.cartonaStatus, link.deliveredBy) && link.statusTarget !== target) {
      patch.statusTarget = target;
      patch.statusPushAttempts = 0;
      patch.statusPushError = null;
      patch.statusPushState = target === 'delivered' && link.needsOtp && !link.retailerOtp ? 'waiting_otp' : 'pending';
      queued = patch.statusPushState === 'pending';
    }
    await this.links.update(link.hashedId, patch);
    if (patch.statusPushState === 'waiting_otp') {
      await this.errors.raise({
        accountId: link.accountId, kind: 'status', ref: link.hashedId, code: 'OTP_REQUIRED',
        message: `Order ${link.hashedId} was delivered in Odoo; Cartona needs the retailer's OTP (POST /api/admin/cartona/orders/${link.hashedId}/retailer-otp)`,
      });
    }
    if (queued) await this.enqueueStatus(link.hashedId);
    if (pushStatuses && this.linesDiffer(link, s)) {
      await this.links.update(link.hashedId, { detailsPushState: 'pending', detailsPushError: null });
      await this.enqueueDetails(link.hashedId);
      queued = true;
    }
    return queued;
  }

  async enqueueStatus(hashedId: string, tag = String(Date.now())): Promise<void> {
    await enqueueJob<Omit<PushOrderStatusData, 'meta'>>(this.queue, CartonaJob.PushOrderStatus, { hashedId }, {
      idempotencyKey: `status:${hashedId}:${tag}`, ...LONG_RETRY, removeOnComplete: true,
    });
  }

  async enqueueDetails(hashedId: string, tag = String(Date.now())): Promise<void> {
    await enqueueJob<Omit<PushOrderDetailsData, 'meta'>>(this.queue, CartonaJob.PushOrderDetails, { hashedId }, {
      idempotencyKey: `details:${hashedId}:${tag}`, ...LONG_RETRY, removeOnComplete: true,
    });
  }

  /** The status push job. */
  async pushStatus(hashedId: string): Promise<'sent' | 'skipped' | 'rejected'> {
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    if (!link.statusTarget || !['pending', 'failed'].includes(link.statusPushState)) return 'skipped';
    const target = link.statusTarget as CartonaOrderStatus;
    if (!shouldPush(target, link.cartonaStatus, link.deliveredBy)) {
      await this.links.update(hashedId, { statusPushState: 'idle' });
      return 'skipped';
    }
    const account = await this.accounts.get(link.accountId);
    const body: CartonaStatusUpdate = { hashed_id: hashedId, status: target };
    if (target === 'delivered' && link.needsOtp) {
      if (!link.retailerOtp) {
        await this.links.update(hashedId, { statusPushState: 'waiting_otp' });
        return 'skipped';
      }
      body.retailer_otp = link.retailerOtp;
    }
    if (target === 'cancelled_by_supplier') {
      body.cancellation_reason = link.statusReason && isCancellationReason(link.statusReason) ? link.statusReason : account.defaultCancellationReason;
    }
    try {
      await this.accounts.client(account).updateOrderStatus(body);
    } catch (err) {
      return this.pushFailed(link, target, err);
    }
    statusPushes.inc({ status: target, outcome: 'ok' });
    await this.links.update(hashedId, {
      cartonaStatus: target, statusPushState: 'idle', statusPushedAt: new Date(), statusPushError: null, retailerOtp: null,
      statusPushAttempts: link.statusPushAttempts + 1,
    });
    await this.errors.resolve(hashedId, ['status']);
    await this.cursors.set(account.id, Cursor.LastStatusPushOk, new Date().toISOString());
    return 'sent';
  }

  private async pushFailed(link: CartonaOrderLink, target: string, err: unknown): Promise<'rejected'> {
    const e = err instanceof AppError ? err : undefined;
    const message = String((err as Error).message);
    if (err instanceof CartonaRejected || (e && !e.transient)) {
      // Refused for good (wrong OTP, transition Cartona does not allow): visible, not retried.
      const otpProblem = target === 'delivered' && /otp/i.test(message);
      statusPushes.inc({ status: target, outcome: 'rejected' });
      await this.links.update(link.hashedId, {
        statusPushState: otpProblem ? 'waiting_otp' : 'rejected', statusPushError: message.slice(0, 2000),
        statusPushAttempts: link.statusPushAttempts + 1, ...(otpProblem ? { retailerOtp: null } : {}),
      });
      await this.errors.raise({ accountId: link.accountId, kind: 'status', ref: link.hashedId, code: otpProblem ? 'OTP_REJECTED' : (e?.code ?? 'REJECTED'), message });
      return 'rejected';
    }
    statusPushes.inc({ status: target, outcome: 'retry' });
    await this.links.update(link.hashedId, { statusPushState: 'failed', statusPushError: message.slice(0, 2000), statusPushAttempts: link.statusPushAttempts + 1 });
    await this.errors.raise({ accountId: link.accountId, kind: 'status', ref: link.hashedId, code: e?.code ?? 'UNEXPECTED', message });
    throw err;
  }

  /** Stores the retailer's OTP (read out at the door) and sends the pending `delivered` with it. */
  async setRetailerOtp(hashedId: string, otp: string): Promise<'sent' | 'skipped' | 'rejected'> {
    if (!/^[A-Za-z0-9]{3,12}$/.test(otp)) throw new ValidationFailed('retailerOtp must be 3–12 letters or digits', { retailerOtp: ['invalid'] });
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    await this.links.update(hashedId, {
      retailerOtp: otp, ...(link.statusPushState === 'waiting_otp' || (link.statusTarget === 'delivered' && link.statusPushState === 'rejected') ? { statusPushState: 'pending' } : {}),
    });
    if (link.statusTarget !== 'delivered') return 'skipped';
    return this.pushStatus(hashedId);
  }

  /**
   * Delivery with OTP, Cartona first (as Cartona recommends): the OTP is checked by Cartona's
   * single endpoint, and only when it is accepted is the Odoo delivery validated.
   */
  async deliverWithOtp(hashedId: string, otp: string): Promise<void> {
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    if (!link.odooOrderId) throw new BusinessRuleViolation('CARTONA.ORDER_NOT_IMPORTED', `Order ${hashedId} has no Odoo order yet`);
    await this.links.update(hashedId, { statusTarget: 'delivered', statusPushState: 'pending', retailerOtp: otp, statusPushAttempts: 0 });
    const result = await this.pushStatus(hashedId);
    if (result !== 'sent') {
      const after = await this.links.find(hashedId);
      throw new BusinessRuleViolation('CARTONA.DELIVERY_REFUSED', `Cartona did not accept the delivery: ${after?.statusPushError ?? result}`);
    }
    await this.odoo.validateDelivery(link.odooOrderId);
  }

  /** Cancels on both sides with one of Cartona's reasons. */
  async cancel(hashedId: string, reason: string): Promise<void> {
    if (!isCancellationReason(reason)) throw new ValidationFailed('reason is not one of Cartona\'s cancellation reasons', { reason: ['invalid'] });
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    await this.links.update(hashedId, { statusReason: reason, statusTarget: 'cancelled_by_supplier', statusPushState: 'pending', statusPushAttempts: 0 });
    if (link.odooOrderId) await this.odoo.cancelOrder(link.odooOrderId);
    await this.pushStatus(hashedId);
  }

  private linesDiffer(link: CartonaOrderLink, s: OdooOrderSnapshot): boolean {
    return this.detailEdits(link, s).length > 0;
  }

  /** The update-order-details operations that make Cartona's lines equal Odoo's. */
  detailEdits(link: CartonaOrderLink, s: OdooOrderSnapshot): CartonaOrderDetailEdit[] {
    const status = normaliseStatus(link.cartonaStatus).status;
    if (!status || !LINE_EDITABLE_STATUSES.includes(status) || s.state === 'cancel' || !link.lineMap) return [];
    const { order } = parseCartonaOrder(link.payload);
    if (!order) return [];
    const edits: CartonaOrderDetailEdit[] = [];
    const mapped = new Set<number>();
    for (const m of link.lineMap) {
      const cartona = order.lines.find((l) => l.id === m.cartonaLineId);
      const odoo = s.lines.find((l) => l.id === m.odooLineId);
      mapped.add(m.odooLineId);
      if (!cartona || cartona.cancelled) continue;
      if (!odoo || odoo.qty <= 0) {
        edits.push({ id: m.cartonaLineId, cancelled: true });
        continue;
      }
      const e: CartonaOrderDetailEdit = { id: m.cartonaLineId };
      if (Math.abs(odoo.qty - cartona.amount) > 1e-9) e.amount = odoo.qty;
      if (Math.abs(odoo.priceUnit - cartona.sellingPrice) > 0.005) e.price = Math.round(odoo.priceUnit * 100) / 100;
      if (e.amount !== undefined || e.price !== undefined) edits.push(e);
    }
    for (const l of s.lines) {
      if (mapped.has(l.id) || l.qty <= 0) continue;
      edits.push({ internal_product_id: String(l.productId), amount: l.qty, price: Math.round(l.priceUnit * 100) / 100 });
    }
    return edits;
  }

  /** The line-edit push job (bulk endpoint: Cartona's answer hides refusals; the next pull shows the truth). */
  async pushDetails(hashedId: string): Promise<'sent' | 'skipped'> {
    const link = await this.links.find(hashedId);
    if (!link?.odooOrderId || link.detailsPushState === 'idle') return 'skipped';
    const account = await this.accounts.get(link.accountId);
    const snapshot = await this.odoo.readOrder(link.odooOrderId, account.assignmentField);
    const edits = snapshot ? this.detailEdits(link, snapshot) : [];
    if (!edits.length) {
      await this.links.update(hashedId, { detailsPushState: 'idle' });
      return 'skipped';
    }
    try {
      await this.accounts.client(account).updateOrderDetails([{ hashed_id: hashedId, order_details: edits }]);
    } catch (err) {
      const e = err instanceof AppError ? err : undefined;
      await this.links.update(hashedId, { detailsPushState: e && !e.transient ? 'rejected' : 'failed', detailsPushError: String((err as Error).message).slice(0, 2000) });
      await this.errors.raise({ accountId: link.accountId, kind: 'details', ref: hashedId, code: e?.code ?? 'UNEXPECTED', message: String((err as Error).message) });
      if (e && !e.transient) return 'skipped';
      throw err;
    }
    await this.links.update(hashedId, { detailsPushState: 'idle', detailsPushError: null });
    await this.errors.resolve(hashedId, ['details']);
    return 'sent';
  }
}
