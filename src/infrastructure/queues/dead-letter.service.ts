import type { JsonObject } from '../database/json';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job, Queue } from 'bull';
import { Repository } from 'typeorm';
import { AppConfig } from '../config';
import { Conflict, NotFound, UpstreamUnavailable } from '../errors';
import { DeadLetterJob, type DeadLetterStatus } from './dead-letter-job.entity';
import { DEFAULT_JOB_OPTIONS } from './enqueue';
import { QueueRegistry } from './queue-registry';

export interface DeadLetterFilter {
  queue?: string;
  jobName?: string;
  status?: DeadLetterStatus;
  from?: Date;
  to?: Date;
}

export interface ReplayManyResult {
  matched: number;
  replayed: string[];
  failed: Array<{ id: string; error: string }>;
}

/** Whether a handler discarded the job as permanently failed (Bull's `isDiscarded()`, missing from its typings). */
export function isDiscarded(job: Job): boolean {
  return (job as unknown as { isDiscarded?: () => boolean }).isDiscarded?.() === true;
}

/** True when Bull will not try this job again: attempts used up, or discarded as permanent. */
export function isFinalFailure(job: Job): boolean {
  return isDiscarded(job) || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Listens to every Bull queue's `failed` event; a job that has no attempts left (or was
 * discarded as permanent) becomes a `dead_letter_job` row that an operator can replay.
 */
@Injectable()
export class DeadLetterService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(
    @InjectRepository(DeadLetterJob) private readonly repo: Repository<DeadLetterJob>,
    private readonly registry: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Only worker processes run jobs, so only they see local `failed` events.
    if (!this.config.runsWorkers) return;
    for (const queue of this.registry.all().values()) {
      queue.on('failed', (job: Job, err: Error) => void this.onFailed(queue.name, job, err));
    }
  }

  /** All queues the app registered, by name (for dashboards, health and replays). */
  allQueues(): Map<string, Queue> {
    return this.registry.all();
  }

  async onFailed(queue: string, job: Job, err: Error): Promise<void> {
    if (!isFinalFailure(job)) return;
    try {
      await this.repo.insert({
        queue,
        jobName: job.name,
        jobId: String(job.id),
        payload: (job.data ?? {}) as JsonObject,
        error: String(err?.message ?? err).slice(0, 8000),
        attempts: job.attemptsMade,
        permanent: isDiscarded(job),
      });
      this.logger.warn({ queue, job: job.name, jobId: job.id, attempts: job.attemptsMade }, 'job dead-lettered');
    } catch (e) {
      this.logger.error({ queue, jobId: job.id, err: e }, 'could not record dead letter');
    }
  }

  async list(filter: DeadLetterFilter & { limit: number; offset: number }): Promise<[DeadLetterJob[], number]> {
    const qb = this.repo.createQueryBuilder('d').orderBy('d.failed_at', 'DESC').addOrderBy('d.id', 'ASC').take(filter.limit).skip(filter.offset);
    this.applyFilter(qb, filter);
    return qb.getManyAndCount();
  }

  async get(id: string): Promise<DeadLetterJob> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFound(`Dead letter ${id} not found`, 'DEAD_LETTER.NOT_FOUND');
    return row;
  }

  /**
   * Enqueues the job again under a new id; the handler's Postgres guards keep a replay safe.
   * Only a `dead` row can be replayed, and the row is claimed before the enqueue, so two
   * operators replaying at once produce one job.
   */
  async replay(id: string): Promise<DeadLetterJob> {
    const row = await this.get(id);
    if (row.status !== 'dead') {
      throw new Conflict(`Dead letter ${id} is ${row.status}; only dead ones can be replayed`, 'DEAD_LETTER.NOT_DEAD', {
        status: row.status, replayJobId: row.replayJobId,
      });
    }
    const queue = this.registry.get(row.queue);
    if (!queue) throw new NotFound(`Queue ${row.queue} is not registered here`, 'DEAD_LETTER.QUEUE_UNKNOWN');
    const replayJobId = `${row.jobId}:replay:${row.replayCount + 1}`;
    const claimed = await this.repo
      .createQueryBuilder()
      .update(DeadLetterJob)
      .set({ status: 'replayed', replayedAt: () => 'now()', replayJobId, replayCount: () => 'replay_count + 1' })
      .where('id = :id AND status = :dead', { id, dead: 'dead' })
      .execute();
    if (!claimed.affected) throw new Conflict(`Dead letter ${id} was replayed or discarded meanwhile`, 'DEAD_LETTER.NOT_DEAD');

    const payload = { ...row.payload };
    const meta = (payload.meta ?? {}) as Record<string, unknown>;
    payload.meta = { ...meta, replayOf: row.id, enqueuedAt: new Date().toISOString() };
    try {
      await queue.add(row.jobName, payload, { ...DEFAULT_JOB_OPTIONS, jobId: replayJobId });
    } catch (err) {
      // Give the row back so the replay can be tried again once Redis answers.
      await this.repo.update(id, { status: 'dead', replayedAt: row.replayedAt, replayJobId: row.replayJobId, replayCount: row.replayCount });
      throw new UpstreamUnavailable('redis', 'Could not enqueue the replay; try again', 10, err, 'QUEUE.UNAVAILABLE');
    }
    this.logger.log({ deadLetterId: id, queue: row.queue, job: row.jobName, replayJobId }, 'dead letter replayed');
    return this.get(id);
  }

  /** Replays every `dead` row matching the filter (oldest first, at most `limit`). */
  async replayMatching(
    filter: Omit<DeadLetterFilter, 'status'>,
    limit: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ReplayManyResult> {
    const qb = this.repo.createQueryBuilder('d').select('d.id', 'id').orderBy('d.failed_at', 'ASC').limit(limit);
    this.applyFilter(qb, { ...filter, status: 'dead' });
    const ids = (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
    const result: ReplayManyResult = { matched: ids.length, replayed: [], failed: [] };
    for (const [i, id] of ids.entries()) {
      try {
        await this.replay(id);
        result.replayed.push(id);
      } catch (err) {
        result.failed.push({ id, error: (err as Error).message });
      }
      onProgress?.(i + 1, ids.length);
    }
    return result;
  }

  async discard(id: string): Promise<DeadLetterJob> {
    const row = await this.get(id);
    if (row.status !== 'dead') throw new Conflict(`Dead letter ${id} is ${row.status}; only dead ones can be discarded`, 'DEAD_LETTER.NOT_DEAD');
    await this.repo.update({ id, status: 'dead' }, { status: 'discarded' });
    return this.get(id);
  }

  private applyFilter(qb: ReturnType<Repository<DeadLetterJob>['createQueryBuilder']>, f: DeadLetterFilter): void {
    if (f.queue) qb.andWhere('d.queue = :queue', { queue: f.queue });
    if (f.jobName) qb.andWhere('d.job_name = :jobName', { jobName: f.jobName });
    if (f.status) qb.andWhere('d.status = :status', { status: f.status });
    if (f.from) qb.andWhere('d.failed_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('d.failed_at < :to', { to: f.to });
  }
}
