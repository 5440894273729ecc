import type { JsonObject } from '../database/json';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job, Queue } from 'bull';
import { Repository } from 'typeorm';
import { AppConfig } from '../config';
import { NotFound, Conflict } from '../errors';
import { DeadLetterJob } from './dead-letter-job.entity';
import { DEFAULT_JOB_OPTIONS } from './enqueue';

const QUEUE_TOKEN_PREFIX = 'BullQueue_';

/**
 * Listens to every Bull queue's `failed` event; a job that has no attempts left (or was
 * discarded as permanent) becomes a `dead_letter_job` row that an operator can replay.
 */
@Injectable()
export class DeadLetterService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadLetterService.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    @InjectRepository(DeadLetterJob) private readonly repo: Repository<DeadLetterJob>,
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const token = wrapper.token;
      if (typeof token !== 'string' || !token.startsWith(QUEUE_TOKEN_PREFIX) || !wrapper.instance) continue;
      const queue = wrapper.instance as Queue;
      if (this.queues.has(queue.name)) continue;
      this.queues.set(queue.name, queue);
      // Only worker processes run jobs, so only they see local `failed` events.
      if (this.config.runsWorkers) queue.on('failed', (job: Job, err: Error) => void this.onFailed(queue.name, job, err));
    }
  }

  /** All queues the app registered, by name (for dashboards, health and replays). */
  allQueues(): Map<string, Queue> {
    return this.queues;
  }

  async onFailed(queue: string, job: Job, err: Error): Promise<void> {
    const maxAttempts = job.opts.attempts ?? 1;
    const discarded = (job as unknown as { discarded?: boolean }).discarded === true;
    if (!discarded && job.attemptsMade < maxAttempts) return;
    try {
      await this.repo.insert({
        queue,
        jobName: job.name,
        jobId: String(job.id),
        payload: (job.data ?? {}) as JsonObject,
        error: String(err?.message ?? err).slice(0, 8000),
        attempts: job.attemptsMade,
        permanent: discarded,
      });
      this.logger.warn({ queue, job: job.name, jobId: job.id, attempts: job.attemptsMade }, 'job dead-lettered');
    } catch (e) {
      this.logger.error({ queue, jobId: job.id, err: e }, 'could not record dead letter');
    }
  }

  async list(filter: { queue?: string; status?: string; limit: number; offset: number }): Promise<[DeadLetterJob[], number]> {
    const qb = this.repo.createQueryBuilder('d').orderBy('d.failed_at', 'DESC').take(filter.limit).skip(filter.offset);
    if (filter.queue) qb.andWhere('d.queue = :queue', { queue: filter.queue });
    if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
    return qb.getManyAndCount();
  }

  async get(id: string): Promise<DeadLetterJob> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFound(`Dead letter ${id} not found`, 'DEAD_LETTER.NOT_FOUND');
    return row;
  }

  /** Enqueues the job again under a new id; the handler's Postgres guards keep a replay safe. */
  async replay(id: string): Promise<DeadLetterJob> {
    const row = await this.get(id);
    if (row.status === 'discarded') throw new Conflict('A discarded dead letter cannot be replayed', 'DEAD_LETTER.DISCARDED');
    const queue = this.queues.get(row.queue);
    if (!queue) throw new NotFound(`Queue ${row.queue} is not registered here`, 'DEAD_LETTER.QUEUE_UNKNOWN');
    const replayJobId = `${row.jobId}:replay:${row.replayCount + 1}`;
    const payload = { ...row.payload };
    const meta = (payload.meta ?? {}) as Record<string, unknown>;
    payload.meta = { ...meta, replayOf: row.id, enqueuedAt: new Date().toISOString() };
    await queue.add(row.jobName, payload, { ...DEFAULT_JOB_OPTIONS, jobId: replayJobId });
    await this.repo.update(row.id, { status: 'replayed', replayedAt: new Date(), replayJobId, replayCount: row.replayCount + 1 });
    return this.get(id);
  }

  async discard(id: string): Promise<DeadLetterJob> {
    await this.get(id);
    await this.repo.update(id, { status: 'discarded' });
    return this.get(id);
  }
}
