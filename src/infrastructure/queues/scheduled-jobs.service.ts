import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { Repository } from 'typeorm';
import { NotFound } from '../errors';
import { CronScheduler } from './cron-scheduler.service';
import { newJobMeta } from './job-meta';
import { JobRun } from './job-run.entity';

export interface ScheduledJobView {
  queue: string;
  name: string;
  cron: string | null;
  everyMs: number | null;
  tz: string | null;
  /** From the repeatable in Redis; null when no worker has registered it (yet). */
  nextRunAt: Date | null;
  lastRun: JobRun | null;
}

export interface JobRunFilter {
  queue?: string; jobName?: string; outcome?: JobRun['outcome']; from?: Date; to?: Date; limit: number; offset: number;
}

export type ManualRunState = 'completed' | 'failed' | 'waiting' | 'active' | 'delayed' | 'timeout';

const REDIS_TIMEOUT_MS = 3000;
const withTimeout = <T>(p: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), REDIS_TIMEOUT_MS).unref())]);

/** What operators see and trigger about scheduled work: the cron tables, last runs, history, run-now. */
@Injectable()
export class ScheduledJobsService {
  constructor(
    private readonly cron: CronScheduler,
    @InjectRepository(JobRun) private readonly runs: Repository<JobRun>,
  ) {}

  async list(): Promise<ScheduledJobView[]> {
    const registered = this.cron.registered();
    const queues = [...new Map(registered.map((r) => [r.queue.name, r.queue])).values()];
    const next = new Map<string, number>();
    await Promise.all(
      queues.map(async (q) => {
        for (const r of await withTimeout(q.getRepeatableJobs().catch(() => []), [])) next.set(`${q.name}\u0000${r.name}`, r.next);
      }),
    );
    const last = new Map<string, JobRun>();
    if (registered.length) {
      const rows = await this.runs
        .createQueryBuilder('r')
        .distinctOn(['r.queue', 'r.job_name'])
        .where('(r.queue, r.job_name) IN (' + registered.map((_, i) => `(:q${i}, :n${i})`).join(', ') + ')')
        .setParameters(Object.fromEntries(registered.flatMap((r, i) => [[`q${i}`, r.queue.name], [`n${i}`, r.entry.name]])))
        .orderBy('r.queue').addOrderBy('r.job_name').addOrderBy('r.started_at', 'DESC')
        .getMany();
      for (const row of rows) last.set(`${row.queue}\u0000${row.jobName}`, row);
    }
    return registered
      .map(({ queue, entry }) => {
        const key = `${queue.name}\u0000${entry.name}`;
        const nextMs = next.get(key);
        return {
          queue: queue.name, name: entry.name, cron: entry.cron ?? null, everyMs: entry.everyMs ?? null, tz: entry.tz ?? null,
          nextRunAt: nextMs ? new Date(nextMs) : null, lastRun: last.get(key) ?? null,
        };
      })
      .sort((a, b) => a.queue.localeCompare(b.queue) || a.name.localeCompare(b.name));
  }

  async history(f: JobRunFilter): Promise<[JobRun[], number]> {
    const qb = this.runs.createQueryBuilder('r').orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'ASC').take(f.limit).skip(f.offset);
    if (f.queue) qb.andWhere('r.queue = :queue', { queue: f.queue });
    if (f.jobName) qb.andWhere('r.job_name = :jobName', { jobName: f.jobName });
    if (f.outcome) qb.andWhere('r.outcome = :outcome', { outcome: f.outcome });
    if (f.from) qb.andWhere('r.started_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('r.started_at < :to', { to: f.to });
    return qb.getManyAndCount();
  }

  /**
   * Enqueues one run of a scheduled job now, exactly as its cron tick would (same name and data);
   * a worker picks it up. Handlers process "everything due as of now", so an extra run is safe.
   */
  async runNow(name: string): Promise<{ queue: string; name: string; jobId: string }> {
    const found = this.cron.find(name);
    if (!found) {
      throw new NotFound(`No scheduled job named ${name}`, 'JOBS.UNKNOWN', { known: this.cron.registered().map((r) => r.entry.name) });
    }
    const jobId = `manual:${name}:${Date.now()}`;
    await found.queue.add(name, { ...(found.entry.data ?? {}), meta: newJobMeta(jobId) }, {
      jobId, attempts: 1, removeOnComplete: 100, removeOnFail: 100,
    });
    return { queue: found.queue.name, name, jobId };
  }

  /** Polls a job until it finishes or the timeout passes (the CLI's `jobs:run --wait`). */
  async waitFor(queueName: string, jobId: string, timeoutMs: number): Promise<{ state: ManualRunState; error?: string; result?: unknown }> {
    const found = this.cron.registered().find((r) => r.queue.name === queueName);
    const queue: Queue | undefined = found?.queue;
    if (!queue) throw new NotFound(`Queue ${queueName} is not registered here`, 'JOBS.QUEUE_UNKNOWN');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'waiting';
      if (state === 'completed') return { state, result: job?.returnvalue };
      if (state === 'failed') return { state, error: job?.failedReason };
      if (Date.now() > deadline) return { state: 'timeout' };
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
