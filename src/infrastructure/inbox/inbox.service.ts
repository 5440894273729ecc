import type { JsonObject } from '../database/json';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource, Repository } from 'typeorm';
import { Conflict, NotFound } from '../errors';
import { AuditService } from '../audit/audit.service';
import { currentRequestId } from '../http/request-context';
import { enqueueJob } from '../queues/enqueue';
import { InboxMessage, type InboxStatus } from './inbox-message.entity';
import {
  INBOX_QUEUE, InboxJob, MAX_INBOX_ATTEMPTS, STUCK_PROCESSING_AFTER_MS, STUCK_RECEIVED_AFTER_MS, type ProcessInboxMessageData,
} from './inbox.jobs';

export interface InboxMessageView { id: string; source: string; eventId: string; payload: Record<string, unknown>; receivedAt: Date; attempts: number }
export type InboxHandler = (message: InboxMessageView) => Promise<void>;
export interface AcceptResult { id: string; duplicate: boolean }
export interface InboxFilter { status?: InboxStatus; source?: string; eventId?: string; from?: Date; to?: Date; limit: number; offset: number }

/**
 * Store-then-acknowledge for inbound events. `accept` commits the row (unique on source + event
 * id) and only then enqueues processing; if Redis loses the job, the sweeper re-enqueues it.
 * A redelivered event finds its row and does nothing more. Contexts register one handler per
 * source; handlers must be idempotent (a crash after the effect and before `processed` replays it).
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);
  private readonly handlers = new Map<string, InboxHandler>();

  constructor(
    @InjectRepository(InboxMessage) private readonly repo: Repository<InboxMessage>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(INBOX_QUEUE) private readonly queue: Queue,
    private readonly audit: AuditService,
  ) {}

  registerHandler(source: string, handler: InboxHandler): void {
    if (this.handlers.has(source)) throw new Error(`inbox handler for "${source}" registered twice`);
    this.handlers.set(source, handler);
  }

  async accept(source: string, eventId: string, payload: Record<string, unknown>): Promise<AcceptResult> {
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InboxMessage)
      .values({ source, eventId, payload: payload as JsonObject, requestId: currentRequestId() ?? null })
      .orIgnore()
      .returning(['id'])
      .execute();
    const newId = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (!newId) {
      const existing = await this.repo.findOneByOrFail({ source, eventId });
      this.audit.record({ system: 'webhook', direction: 'inbound', operation: `${source}:duplicate`, status: 'ok', correlationId: eventId });
      return { id: existing.id, duplicate: true };
    }
    this.audit.record({ system: 'webhook', direction: 'inbound', operation: source, status: 'ok', correlationId: eventId, details: { inboxId: newId } });
    await this.enqueue(newId, source).catch((err) =>
      // The row is committed: the sweeper will enqueue it later, so the sender still gets its ack.
      this.logger.warn({ inboxId: newId, err: String(err) }, 'inbox enqueue failed; sweeper will retry'),
    );
    return { id: newId, duplicate: false };
  }

  private enqueue(inboxId: string, source: string): Promise<string> {
    return enqueueJob<Omit<ProcessInboxMessageData, 'meta'>>(this.queue, InboxJob.Process, { inboxId, source }, {
      idempotencyKey: `inbox:${inboxId}`,
    });
  }

  /** Claims the row (received/failed → processing), runs the source's handler, marks the outcome. */
  async process(inboxId: string): Promise<'processed' | 'skipped'> {
    const claimed = await this.repo
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ status: 'processing', startedAt: () => 'now()', attempts: () => 'attempts + 1' })
      .where('id = :id AND status IN (:...from)', { id: inboxId, from: ['received', 'failed'] })
      .returning('*')
      .execute();
    const row = (claimed.raw as Array<Record<string, unknown>>)[0];
    if (!row) return 'skipped';
    const message: InboxMessageView = {
      id: String(row.id), source: String(row.source), eventId: String(row.event_id),
      payload: row.payload as Record<string, unknown>, receivedAt: row.received_at as Date, attempts: Number(row.attempts),
    };
    const handler = this.handlers.get(message.source);
    try {
      if (!handler) throw new Error(`no inbox handler registered for source "${message.source}"`);
      await handler(message);
      await this.repo.update(inboxId, { status: 'processed', processedAt: new Date(), lastError: null });
      return 'processed';
    } catch (err) {
      await this.repo.update(inboxId, { status: 'failed', lastError: String((err as Error)?.message ?? err).slice(0, 4000) });
      throw err;
    }
  }

  /** Re-enqueues rows whose job was lost or whose worker died; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    await this.repo
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ status: 'failed', lastError: 'worker stopped while processing' })
      .where('status = :s AND started_at < :t', { s: 'processing', t: new Date(now.getTime() - STUCK_PROCESSING_AFTER_MS) })
      .execute();
    const stuck = await this.repo
      .createQueryBuilder('m')
      .where('m.status IN (:...st)', { st: ['received', 'failed'] })
      .andWhere('m.attempts < :max', { max: MAX_INBOX_ATTEMPTS })
      .andWhere('COALESCE(m.started_at, m.received_at) < :t', { t: new Date(now.getTime() - STUCK_RECEIVED_AFTER_MS) })
      .orderBy('m.received_at', 'ASC')
      .take(1000)
      .getMany();
    for (const m of stuck) {
      // A fresh job id: the original may still sit in Redis as failed, which would swallow a same-id add.
      await enqueueJob(this.queue, InboxJob.Process, { inboxId: m.id, source: m.source }, {
        idempotencyKey: `inbox:${m.id}:sweep:${m.attempts}:${now.getTime()}`,
      });
    }
    if (stuck.length) this.logger.warn({ count: stuck.length }, 'inbox sweeper re-enqueued stuck messages');
    return stuck.length;
  }

  async find(id: string): Promise<InboxMessage | null> {
    return this.repo.findOneBy({ id });
  }

  async get(id: string): Promise<InboxMessage> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFound(`Inbox message ${id} not found`, 'INBOX.NOT_FOUND');
    return row;
  }

  async list(f: InboxFilter): Promise<[InboxMessage[], number]> {
    const qb = this.repo.createQueryBuilder('m').orderBy('m.received_at', 'DESC').addOrderBy('m.id', 'ASC').take(f.limit).skip(f.offset);
    if (f.status) qb.andWhere('m.status = :status', { status: f.status });
    if (f.source) qb.andWhere('m.source = :source', { source: f.source });
    if (f.eventId) qb.andWhere('m.event_id = :eventId', { eventId: f.eventId });
    if (f.from) qb.andWhere('m.received_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('m.received_at < :to', { to: f.to });
    return qb.getManyAndCount();
  }

  /**
   * An operator's retry of a failed (or never processed) message, whatever its attempt count:
   * the row goes back to `received` and is enqueued under a fresh job id.
   */
  async retry(id: string): Promise<InboxMessage> {
    const row = await this.get(id);
    const reset = await this.repo
      .createQueryBuilder()
      .update(InboxMessage)
      .set({ status: 'received' })
      .where('id = :id AND status IN (:...from)', { id, from: ['failed', 'received'] })
      .execute();
    if (!reset.affected) throw new Conflict(`Inbox message ${id} is ${row.status}; only failed or unprocessed ones can be retried`, 'INBOX.NOT_RETRYABLE', { status: row.status });
    await enqueueJob(this.queue, InboxJob.Process, { inboxId: id, source: row.source }, { idempotencyKey: `inbox:${id}:retry:${Date.now()}` });
    this.logger.log({ inboxId: id, source: row.source }, 'inbox message retried by an operator');
    return this.get(id);
  }
}
