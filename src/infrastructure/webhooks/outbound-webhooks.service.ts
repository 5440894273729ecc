import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config';
import { NotFound, ValidationFailed } from '../errors';
import { newJobMeta } from '../queues/job-meta';
import { OutboundWebhookSender } from './outbound-webhook-sender';
import { OutboundWebhookAttempt, OutboundWebhookDelivery, OutboundWebhookSubscription, type DeliveryStatus } from './outbound-webhook.entity';
import { LOST_AFTER_MS, OUTBOUND_WEBHOOKS_QUEUE, OutboundWebhookJob, type DeliverWebhookData } from './outbound-webhooks.jobs';

/** What a context publishes; `id` is the event's unique id (the receiver's de-duplication key). */
export interface OutboundEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const PING_EVENT = 'webhook.ping';
export const ALL_EVENTS = '*';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'cancelled' | 'skipped';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/**
 * Outbound partner webhooks: admins register endpoints per event type; `publish` fans events out
 * into one delivery row per matching subscription (unique per subscription + event, so publishing
 * twice is harmless) and queues each; the worker POSTs it signed, logs every attempt and retries
 * on the configured schedule (`OUTBOUND_WEBHOOK_RETRY_SCHEDULE`) until delivered or dead. A 410
 * answer disables the subscription. A sweeper re-queues deliveries whose job was lost.
 */
@Injectable()
export class OutboundWebhooksService {
  private readonly logger = new Logger(OutboundWebhooksService.name);
  private readonly eventTypes = new Set<string>([PING_EVENT]);

  constructor(
    @InjectRepository(OutboundWebhookSubscription) private readonly subs: Repository<OutboundWebhookSubscription>,
    @InjectRepository(OutboundWebhookDelivery) private readonly deliveries: Repository<OutboundWebhookDelivery>,
    @InjectRepository(OutboundWebhookAttempt) private readonly attempts: Repository<OutboundWebhookAttempt>,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(OUTBOUND_WEBHOOKS_QUEUE) private readonly queue: Queue,
    private readonly sender: OutboundWebhookSender,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Contexts declare the event types partners may subscribe to (in their module's onModuleInit). */
  registerEventTypes(types: readonly string[]): void {
    for (const t of types) this.eventTypes.add(t);
  }

  knownEventTypes(): string[] {
    return [...this.eventTypes].sort();
  }

  private checkTypes(types: string[]): string[] {
    const unique = [...new Set(types)];
    const unknown = unique.filter((t) => t !== ALL_EVENTS && !this.eventTypes.has(t));
    if (unknown.length) throw new ValidationFailed(`Unknown event types: ${unknown.join(', ')}`, { eventTypes: unknown }, 'WEBHOOK.UNKNOWN_EVENT_TYPE');
    return unique;
  }

  async createSubscription(input: { name: string; url: string; eventTypes: string[]; ownerRef?: string | null }): Promise<{ subscription: OutboundWebhookSubscription; secret: string }> {
    const secret = newSecret();
    const subscription = await this.subs.save(
      this.subs.create({ name: input.name, url: input.url, eventTypes: this.checkTypes(input.eventTypes), ownerRef: input.ownerRef ?? null, secret, active: true }),
    );
    return { subscription, secret };
  }

  listSubscriptions(): Promise<OutboundWebhookSubscription[]> {
    return this.subs.find({ order: { createdAt: 'DESC' } });
  }

  async getSubscription(id: string): Promise<OutboundWebhookSubscription> {
    const row = await this.subs.findOneBy({ id });
    if (!row) throw new NotFound(`Webhook subscription ${id} not found`, 'WEBHOOK.SUBSCRIPTION_NOT_FOUND');
    return row;
  }

  async updateSubscription(id: string, patch: { name?: string; url?: string; eventTypes?: string[]; active?: boolean }): Promise<OutboundWebhookSubscription> {
    const row = await this.getSubscription(id);
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.url !== undefined) row.url = patch.url;
    if (patch.eventTypes !== undefined) row.eventTypes = this.checkTypes(patch.eventTypes);
    if (patch.active !== undefined) {
      row.active = patch.active;
      row.disabledReason = patch.active ? null : 'disabled by an administrator';
    }
    return this.subs.save(row);
  }

  async rotateSecret(id: string): Promise<{ subscription: OutboundWebhookSubscription; secret: string }> {
    const row = await this.getSubscription(id);
    row.secret = newSecret();
    return { subscription: await this.subs.save(row), secret: row.secret };
  }

  async deleteSubscription(id: string): Promise<void> {
    const res = await this.subs.delete({ id });
    if (!res.affected) throw new NotFound(`Webhook subscription ${id} not found`, 'WEBHOOK.SUBSCRIPTION_NOT_FOUND');
  }

  /** Fans events out to every active subscription that wants them; returns how many deliveries were created. */
  async publish(events: readonly OutboundEvent[], onlySubscriptionId?: string): Promise<number> {
    if (!events.length) return 0;
    const rows: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO outbound_webhook_delivery (subscription_id, event_id, event_type, payload)
       SELECT s.id, e.id, e.type, jsonb_build_object('id', e.id, 'type', e.type, 'occurredAt', e."occurredAt", 'data', e.data)
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, type text, "occurredAt" text, data jsonb)
       JOIN outbound_webhook_subscription s
         ON s.active AND (e.type = ANY (s.event_types) OR '*' = ANY (s.event_types) OR s.id = $2::uuid)
       WHERE $2::uuid IS NULL OR s.id = $2::uuid
       ON CONFLICT (subscription_id, event_id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(events), onlySubscriptionId ?? null],
    );
    if (rows.length) {
      await this.enqueue(rows.map((r) => ({ id: r.id, jobId: `${r.id}:1`, delayMs: 0 }))).catch((err) =>
        this.logger.warn({ count: rows.length, err: String(err) }, 'webhook enqueue failed; the sweeper will retry'),
      );
    }
    return rows.length;
  }

  /** Sends a `webhook.ping` to one subscription (to check the endpoint and its signature check). */
  async ping(subscriptionId: string): Promise<string> {
    const sub = await this.getSubscription(subscriptionId);
    const id = randomUUID();
    await this.publish([{ id, type: PING_EVENT, occurredAt: new Date().toISOString(), data: { subscriptionId: sub.id } }], sub.id);
    return id;
  }

  private async enqueue(items: Array<{ id: string; jobId: string; delayMs: number }>): Promise<void> {
    await this.queue.addBulk(
      items.map((it) => ({
        name: OutboundWebhookJob.Deliver,
        data: { deliveryId: it.id, meta: newJobMeta(it.jobId) } satisfies DeliverWebhookData,
        // Retries are scheduled by the delivery row, not by Bull: one Bull attempt per HTTP attempt.
        opts: { jobId: it.jobId, delay: it.delayMs, attempts: 1, removeOnComplete: 1000, removeOnFail: 1000 },
      })),
    );
  }

  /** One HTTP attempt of a delivery (claimed with a conditional update, so it is never sent twice at once). */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const claimed: [OutboundWebhookDelivery[], number] = await this.ds.query(
      `UPDATE outbound_webhook_delivery SET status = 'delivering', attempts = attempts + 1, last_attempt_at = now()
       WHERE id = $1 AND status = 'pending'
       RETURNING id, subscription_id AS "subscriptionId", event_id AS "eventId", event_type AS "eventType", payload, attempts`,
      [deliveryId],
    );
    const d = claimed[0][0];
    if (!d) return 'skipped';
    const sub = await this.subs.findOneBy({ id: d.subscriptionId });
    if (!sub || !sub.active) {
      await this.finish(d.id, 'cancelled', { error: 'subscription disabled' });
      return 'cancelled';
    }
    const result = await this.sender.send({
      url: sub.url, secret: sub.secret, body: JSON.stringify(d.payload), eventType: d.eventType, eventId: d.eventId, deliveryId: d.id,
    });
    await this.attempts.insert({
      deliveryId: d.id, attempt: d.attempts, attemptedAt: new Date(), statusCode: result.statusCode, durationMs: result.durationMs,
      error: result.error, responseExcerpt: result.responseExcerpt,
    });
    this.audit.record({
      system: 'webhook', direction: 'outbound', operation: d.eventType, status: result.ok ? 'ok' : 'error', correlationId: d.eventId,
      durationMs: result.durationMs, error: result.error ?? undefined, details: { deliveryId: d.id, subscriptionId: sub.id, attempt: d.attempts, statusCode: result.statusCode },
    });
    if (result.ok) {
      await this.finish(d.id, 'delivered', { statusCode: result.statusCode });
      return 'delivered';
    }
    if (result.statusCode === 410) {
      await this.subs.update(sub.id, { active: false, disabledReason: 'endpoint answered 410 Gone' });
      await this.finish(d.id, 'dead', { statusCode: 410, error: result.error });
      return 'dead';
    }
    const schedule = this.config.outboundWebhooks.retryScheduleMs;
    if (d.attempts > schedule.length) {
      await this.finish(d.id, 'dead', { statusCode: result.statusCode, error: result.error });
      this.logger.warn({ deliveryId: d.id, eventType: d.eventType, attempts: d.attempts }, 'webhook delivery gave up');
      return 'dead';
    }
    const delayMs = schedule[d.attempts - 1];
    await this.ds.query(
      `UPDATE outbound_webhook_delivery SET status = 'pending', next_attempt_at = now() + $2 * interval '1 millisecond', last_status_code = $3, last_error = $4 WHERE id = $1`,
      [d.id, delayMs, result.statusCode, result.error],
    );
    await this.enqueue([{ id: d.id, jobId: `${d.id}:${d.attempts + 1}`, delayMs }]).catch((err) =>
      this.logger.warn({ deliveryId: d.id, err: String(err) }, 'webhook retry enqueue failed; the sweeper will retry'),
    );
    return 'retrying';
  }

  private async finish(id: string, status: DeliveryStatus, f: { statusCode?: number | null; error?: string | null }): Promise<void> {
    await this.deliveries.update(id, {
      status, lastStatusCode: f.statusCode ?? null, lastError: f.error ?? null, ...(status === 'delivered' ? { deliveredAt: new Date() } : {}),
    });
  }

  async listDeliveries(filter: { subscriptionId?: string; status?: string; eventType?: string; eventId?: string; limit: number; offset: number }): Promise<[OutboundWebhookDelivery[], number]> {
    const qb = this.deliveries.createQueryBuilder('d').orderBy('d.created_at', 'DESC').take(filter.limit).skip(filter.offset);
    if (filter.subscriptionId) qb.andWhere('d.subscription_id = :s', { s: filter.subscriptionId });
    if (filter.status) qb.andWhere('d.status = :st', { st: filter.status });
    if (filter.eventType) qb.andWhere('d.event_type = :t', { t: filter.eventType });
    if (filter.eventId) qb.andWhere('d.event_id = :e', { e: filter.eventId });
    return qb.getManyAndCount();
  }

  async getDelivery(id: string): Promise<{ delivery: OutboundWebhookDelivery; attempts: OutboundWebhookAttempt[] }> {
    const delivery = await this.deliveries.findOneBy({ id });
    if (!delivery) throw new NotFound(`Webhook delivery ${id} not found`, 'WEBHOOK.DELIVERY_NOT_FOUND');
    const attempts = await this.attempts.find({ where: { deliveryId: id }, order: { attempt: 'ASC' } });
    return { delivery, attempts };
  }

  /** Sends a delivery again now (a dead one gets one more attempt; the attempt log keeps counting). */
  async redeliver(id: string): Promise<OutboundWebhookDelivery> {
    const { delivery } = await this.getDelivery(id);
    if (delivery.status === 'delivering') return delivery;
    await this.deliveries.update(id, { status: 'pending', nextAttemptAt: new Date() });
    await this.enqueue([{ id, jobId: `${id}:redeliver:${Date.now()}`, delayMs: 0 }]);
    return (await this.getDelivery(id)).delivery;
  }

  /** Re-queues deliveries whose job was lost and frees ones whose worker died mid-attempt. */
  async sweep(now = new Date()): Promise<{ requeued: number; unstuck: number }> {
    const stuckMs = this.config.outboundWebhooks.timeoutMs * 3 + 60_000;
    const unstuck: [unknown[], number] = await this.ds.query(
      `UPDATE outbound_webhook_delivery SET status = 'pending', next_attempt_at = $1, last_error = 'worker stopped during the attempt'
       WHERE status = 'delivering' AND last_attempt_at < $2::timestamptz RETURNING id`,
      [now, new Date(now.getTime() - stuckMs)],
    );
    const lost: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM outbound_webhook_delivery WHERE status = 'pending' AND next_attempt_at < $1 ORDER BY next_attempt_at LIMIT 1000`,
      [new Date(now.getTime() - LOST_AFTER_MS)],
    );
    const lostIds = lost.map((r) => r.id);
    const stuckIds = (unstuck[0] as Array<{ id: string }>).map((r) => r.id);
    const ids = [...new Set([...lostIds, ...stuckIds])];
    if (ids.length) await this.enqueue(ids.map((id) => ({ id, jobId: `${id}:sweep:${now.getTime()}`, delayMs: 0 })));
    return { requeued: ids.length, unstuck: stuckIds.length };
  }

  /** Drops finished deliveries (and their attempt log) past the retention period. */
  async prune(now = new Date()): Promise<{ deleted: number }> {
    const cutoff = new Date(now.getTime() - this.config.outboundWebhooks.retentionDays * 86_400_000);
    const res = await this.deliveries
      .createQueryBuilder()
      .delete()
      .where(`status IN ('delivered','dead','cancelled') AND created_at < :cutoff`, { cutoff })
      .execute();
    return { deleted: res.affected ?? 0 };
  }
}
