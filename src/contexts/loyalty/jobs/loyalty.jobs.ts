import type { AppConfig } from '../../../infrastructure/config';
import type { CronEntry, JobMeta } from '../../../infrastructure/queues';

export const LOYALTY_QUEUE = 'loyalty';

export const LoyaltyJob = {
  ExpirePoints: 'loyalty.expire-points',
  EvaluateMemberships: 'loyalty.evaluate-memberships',
  Cleanup: 'loyalty.cleanup',
  DispatchEvents: 'loyalty.dispatch-events',
  SyncOdoo: 'loyalty.sync-odoo',
} as const;
export type LoyaltyJobName = (typeof LoyaltyJob)[keyof typeof LoyaltyJob];

export interface ScheduledJobData {
  /** ISO instant the run treats as "now" (defaults to the moment it starts); lets an operator replay a day. */
  asOf?: string;
  meta: JobMeta;
}
export type DispatchEventsData = { meta: JobMeta };

/** The context's cron table; patterns come from configuration (LOYALTY_*_CRON, LOYALTY_CRON_TZ). */
export function loyaltyCronTable(config: AppConfig): CronEntry[] {
  const tz = config.loyalty.cronTz;
  const table: CronEntry[] = [
    { name: LoyaltyJob.ExpirePoints, cron: config.loyalty.expiryCron, tz },
    { name: LoyaltyJob.EvaluateMemberships, cron: config.loyalty.membershipCron, tz },
    { name: LoyaltyJob.Cleanup, cron: config.loyalty.cleanupCron, tz },
    // Safety net behind the after-commit trigger: events whose trigger was lost still go out.
    { name: LoyaltyJob.DispatchEvents, everyMs: 30_000 },
  ];
  return table;
}
