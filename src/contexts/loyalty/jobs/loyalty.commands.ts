import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Command, CommandRunner, Option } from 'nest-commander';
import { printJson, printLine } from '../../../infrastructure/cli';
import { ValidationFailed } from '../../../infrastructure/errors';
import { newJobMeta, ScheduledJobsService } from '../../../infrastructure/queues';
import { LOYALTY_QUEUE, LoyaltyJob, type LoyaltyJobName } from './loyalty.jobs';

interface RunOptions { asOf?: Date; wait?: boolean; timeout?: number; json?: boolean }

/**
 * Runs one loyalty job on demand: enqueued on the `loyalty` queue exactly like its cron tick (so
 * a worker runs it, once, tracked in job_run), optionally "as of" another instant, and followed
 * to the end unless --no-wait.
 */
abstract class LoyaltyJobCommand extends CommandRunner {
  protected abstract readonly job: LoyaltyJobName;
  constructor(@InjectQueue(LOYALTY_QUEUE) private readonly queue: Queue, private readonly jobs: ScheduledJobsService) {
    super();
  }

  async run(_args: string[], o: RunOptions): Promise<void> {
    const jobId = `manual:${this.job}:${Date.now()}`;
    await this.queue.add(this.job, { ...(o.asOf ? { asOf: o.asOf.toISOString() } : {}), meta: newJobMeta(jobId) }, {
      jobId, attempts: 1, removeOnComplete: 100, removeOnFail: 100,
    });
    if (o.wait === false) return printLine(`enqueued ${this.job} as ${jobId}`);
    const end = await this.jobs.waitFor(LOYALTY_QUEUE, jobId, (o.timeout ?? 1800) * 1000);
    if (o.json) printJson({ job: this.job, jobId, ...end });
    else if (end.state === 'completed') printLine(`${this.job} completed: ${JSON.stringify(end.result ?? null)}`);
    else printLine(end.state === 'timeout' ? `${this.job} still not finished (is a worker running?)` : `${this.job} failed: ${end.error ?? 'unknown error'}`);
    if (end.state !== 'completed') process.exitCode = 1;
  }

  @Option({ flags: '--as-of <instant>', description: 'Run as of this ISO-8601 instant instead of now' })
  parseAsOf(v: string): Date {
    const d = new Date(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw new ValidationFailed('--as-of must be an ISO-8601 date or instant', { asOf: ['invalid'] });
    return d;
  }
  @Option({ flags: '--no-wait', description: 'Return once enqueued instead of waiting for the result' })
  parseNoWait(): boolean { return false; }
  @Option({ flags: '--timeout <seconds>', description: 'Give up waiting after this long (default 1800)' })
  parseTimeout(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ValidationFailed('--timeout must be a positive integer (seconds)', { timeout: ['invalid'] });
    return n;
  }
  @Option({ flags: '--json', description: 'Print the outcome as JSON' })
  parseJson(): boolean { return true; }
}

@Command({ name: 'loyalty:expire-points', description: 'Expire every point bucket due as of now (or --as-of), once' })
export class ExpirePointsCommand extends LoyaltyJobCommand {
  protected readonly job = LoyaltyJob.ExpirePoints;
}

@Command({ name: 'loyalty:evaluate-memberships', description: 'Recompute membership tiers from rolling-window totals, apply downgrade policies' })
export class EvaluateMembershipsCommand extends LoyaltyJobCommand {
  protected readonly job = LoyaltyJob.EvaluateMemberships;
}

@Command({ name: 'loyalty:cleanup', description: 'Delete stale loyalty data (dispatched events, emptied buckets, old job runs), deactivate ended promo codes' })
export class CleanupCommand extends LoyaltyJobCommand {
  protected readonly job = LoyaltyJob.Cleanup;
}
