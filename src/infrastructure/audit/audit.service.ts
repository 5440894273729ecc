import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { currentRequestId } from '../http/request-context';
import { AuditLog, type AuditDirection, type AuditStatus, type AuditSystem } from './audit-log.entity';

export interface AuditEntry {
  system: AuditSystem;
  direction: AuditDirection;
  operation: string;
  status: AuditStatus;
  correlationId?: string | null;
  durationMs?: number;
  error?: string;
  /** Ids and counts only: never tokens, passwords or whole customer payloads. */
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  system?: string; direction?: string; status?: string; operation?: string; correlationId?: string; requestId?: string;
  from?: Date; to?: Date; limit: number; offset: number;
}

const FLUSH_INTERVAL_MS = 250;
const MAX_BUFFER = 500;

/**
 * Records audit rows off the hot path: entries are buffered and written in multi-row inserts,
 * so an Odoo call does not wait on an extra INSERT. `flush()` forces the write (tests, shutdown).
 */
@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  private buffer: Partial<AuditLog>[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@InjectRepository(AuditLog) private readonly repo: Repository<AuditLog>) {}

  record(entry: AuditEntry): void {
    this.buffer.push({
      occurredAt: new Date(),
      system: entry.system,
      direction: entry.direction,
      operation: entry.operation.slice(0, 200),
      status: entry.status,
      correlationId: entry.correlationId?.slice(0, 200) ?? null,
      requestId: currentRequestId() ?? null,
      durationMs: entry.durationMs === undefined ? null : Math.round(entry.durationMs),
      error: entry.error?.slice(0, 4000) ?? null,
      details: entry.details ?? null,
    });
    if (this.buffer.length >= MAX_BUFFER) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        await this.repo.insert(batch);
      } catch (err) {
        this.logger.error({ err, rows: batch.length }, 'audit rows could not be written');
      }
    });
    return this.flushing;
  }

  async query(q: AuditQuery): Promise<[AuditLog[], number]> {
    const qb = this.repo.createQueryBuilder('a').orderBy('a.occurred_at', 'DESC').addOrderBy('a.id', 'DESC').take(q.limit).skip(q.offset);
    if (q.system) qb.andWhere('a.system = :system', { system: q.system });
    if (q.direction) qb.andWhere('a.direction = :direction', { direction: q.direction });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.operation) qb.andWhere('a.operation ILIKE :op', { op: `%${q.operation.replace(/[%_\\]/g, '\\$&')}%` });
    if (q.correlationId) qb.andWhere('a.correlation_id = :cid', { cid: q.correlationId });
    if (q.requestId) qb.andWhere('a.request_id = :rid', { rid: q.requestId });
    if (q.from) qb.andWhere('a.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.occurred_at < :to', { to: q.to });
    return qb.getManyAndCount();
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
