import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../../../infrastructure/queues';
import { CleanupService, type CleanupResult } from '../application/cleanup.service';
import { ExpiryService, type ExpiryRunResult } from '../application/expiry.service';
import { LoyaltyEventsService } from '../application/loyalty-events.service';
import { TiersService } from '../application/tiers.service';
import { LOYALTY_QUEUE, LoyaltyJob, type DispatchEventsData, type ScheduledJobData } from './loyalty.jobs';

const asOf = (job: Job<ScheduledJobData>) => (job.data?.asOf ? new Date(job.data.asOf) : new Date());

/** Worker side of the `loyalty` queue; scheduled jobs are tracked in job_run. */
@Processor(LOYALTY_QUEUE)
export class LoyaltyProcessor {
  constructor(
    private readonly runner: JobRunner,
    private readonly expiry: ExpiryService,
    private readonly tiers: TiersService,
    private readonly cleanup: CleanupService,
    private readonly events: LoyaltyEventsService,
  ) {}

  @Process(LoyaltyJob.ExpirePoints)
  expirePoints(job: Job<ScheduledJobData>): Promise<ExpiryRunResult> {
    return this.runner.run(job, () => this.expiry.run(asOf(job)), { track: true });
  }

  @Process(LoyaltyJob.EvaluateMemberships)
  evaluateMemberships(job: Job<ScheduledJobData>) {
    return this.runner.run(job, () => this.tiers.evaluateAll(asOf(job)), { track: true });
  }

  @Process(LoyaltyJob.Cleanup)
  runCleanup(job: Job<ScheduledJobData>): Promise<CleanupResult> {
    return this.runner.run(job, () => this.cleanup.run(asOf(job)), { track: true });
  }

  @Process(LoyaltyJob.DispatchEvents)
  dispatch(job: Job<DispatchEventsData>) {
    return this.runner.run(job, () => this.events.dispatchPending());
  }
}
