import type { JsonObject } from '../database/json';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { Repository } from 'typeorm';
import { isTransient } from '../errors';
import { runWithRequestId } from '../http/request-context';
import type { JobMeta } from './job-meta';
import { JobRun } from './job-run.entity';

/**
 * Wraps every job handler: restores the request id from the job's meta (so logs and audit rows
 * of the worker share it), discards jobs whose failure is permanent (no pointless retries), and,
 * for tracked jobs, records a `job_run` row with duration and outcome.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  constructor(@InjectRepository(JobRun) private readonly runs: Repository<JobRun>) {}

  async run<R>(job: Job, handler: () => Promise<R>, opts: { track?: boolean } = {}): Promise<R> {
    const meta = (job.data as { meta?: JobMeta } | undefined)?.meta;
    return runWithRequestId(meta?.requestId, async () => {
      const started = Date.now();
      const run = opts.track ? await this.startRun(job) : undefined;
      try {
        const result = await handler();
        if (run) await this.finishRun(run, started, 'succeeded', undefined, result);
        return result;
      } catch (err) {
        if (run) await this.finishRun(run, started, 'failed', err);
        if (!isTransient(err)) {
          this.logger.warn({ queue: job.queue.name, job: job.name, jobId: job.id, err: String(err) }, 'permanent job failure');
          await job.discard();
        }
        throw err;
      }
    });
  }

  private async startRun(job: Job): Promise<JobRun> {
    return this.runs.save(
      this.runs.create({ queue: job.queue.name, jobName: job.name, jobId: String(job.id), startedAt: new Date(), outcome: 'running' }),
    );
  }

  private async finishRun(run: JobRun, started: number, outcome: 'succeeded' | 'failed', err?: unknown, result?: unknown): Promise<void> {
    await this.runs.update(run.id, {
      finishedAt: new Date(),
      durationMs: Date.now() - started,
      outcome,
      error: err ? String((err as Error).message ?? err).slice(0, 4000) : null,
      result: result && typeof result === 'object' ? (result as JsonObject) : null,
    });
  }
}
