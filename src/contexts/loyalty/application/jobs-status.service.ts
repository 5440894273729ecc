import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../infrastructure/config';
import { enqueueJob } from '../../../infrastructure/queues';
import { InvalidLoyaltyInput } from '../domain/loyalty.errors';
import { LOYALTY_QUEUE, loyaltyCronTable, ON_DEMAND_JOBS, type LoyaltyJobName } from '../jobs/loyalty.jobs';

export interface JobRunView { startedAt: Date; finishedAt: Date | null; durationMs: number | null; outcome: string; error: string | null; result: Record<string, unknown> | null }
export interface JobStatus { name: string; schedule: string | null; tz: string | null; lastRun: JobRunView | null; lastSuccess: JobRunView | null; recentFailures: number }

/** What admins see of the loyalty jobs (last run, duration, outcome from job_run) and how they run one now. */
@Injectable()
export class JobsStatusService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(LOYALTY_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async status(): Promise<JobStatus[]> {
    const table = new Map(loyaltyCronTable(this.config).map((e) => [e.name, e]));
    const out: JobStatus[] = [];
    for (const name of ON_DEMAND_JOBS) {
      const runs: Array<JobRunView & { rn: number }> = await this.ds.query(
        `SELECT started_at AS "startedAt", finished_at AS "finishedAt", duration_ms AS "durationMs", outcome, error, result
         FROM job_run WHERE queue = $1 AND job_name = $2 ORDER BY started_at DESC LIMIT 20`,
        [LOYALTY_QUEUE, name],
      );
      const entry = table.get(name);
      out.push({
        name,
        schedule: entry ? (entry.cron ?? `every ${entry.everyMs} ms`) : null,
        tz: entry?.tz ?? null,
        lastRun: runs[0] ?? null,
        lastSuccess: runs.find((r) => r.outcome === 'succeeded') ?? null,
        recentFailures: runs.filter((r) => r.outcome === 'failed').length,
      });
    }
    return out;
  }

  /** Enqueues a tracked run now (the same handler as the cron); returns the Bull job id. */
  async runNow(name: string, asOf?: Date): Promise<string> {
    if (!ON_DEMAND_JOBS.includes(name as LoyaltyJobName)) throw new InvalidLoyaltyInput(`Unknown job ${name}`, { name: [`one of ${ON_DEMAND_JOBS.join(', ')}`] });
    return enqueueJob(this.queue, name, { ...(asOf ? { asOf: asOf.toISOString() } : {}) }, {
      idempotencyKey: `${name}:manual:${Date.now()}`, attempts: 1,
    });
  }
}
