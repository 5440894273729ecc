import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../infrastructure/config';
import { LOYALTY_QUEUE } from '../jobs/loyalty.jobs';

export interface CleanupResult {
  dispatchedEventsDeleted: number;
  bucketsDeleted: number;
  promoCodesDeactivated: number;
  jobRunsDeleted: number;
}

const JOB_RUN_RETENTION_DAYS = 90;

/**
 * Weekly cleanup of data nothing needs any more. The ledger itself is never touched (moves are
 * append-only); what goes is: dispatched outbox events past LOYALTY_EVENT_RETENTION_DAYS, buckets
 * long emptied (consumed or expired) past LOYALTY_BUCKET_RETENTION_DAYS with their consumption
 * rows — except those of orders still refundable — promo codes past their end date (deactivated),
 * and old job_run rows of this queue.
 */
@Injectable()
export class CleanupService {
  private readonly logger = new Logger(CleanupService.name);
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly config: AppConfig) {}

  async run(now = new Date()): Promise<CleanupResult> {
    const day = 86_400_000;
    const eventCutoff = new Date(now.getTime() - this.config.loyalty.eventRetentionDays * day);
    const bucketCutoff = new Date(now.getTime() - this.config.loyalty.bucketRetentionDays * day);
    const events = await this.batchedDelete(
      `DELETE FROM loyalty_event WHERE id IN (SELECT id FROM loyalty_event WHERE dispatched_at IS NOT NULL AND dispatched_at < $1 LIMIT 10000)`,
      [eventCutoff],
    );
    // A bucket is kept while a redemption that consumed it belongs to an order that can still be refunded.
    const buckets = await this.batchedDelete(
      `DELETE FROM loyalty_point_bucket WHERE id IN (
         SELECT b.id FROM loyalty_point_bucket b
         WHERE b.status <> 'open' AND coalesce(b.expired_at, b.earned_at) < $1
           AND NOT EXISTS (
             SELECT 1 FROM loyalty_point_consumption c JOIN loyalty_point_move m ON m.id = c.move_id
             JOIN loyalty_order o ON o.id = m.order_id
             WHERE c.bucket_id = b.id AND o.status IN ('applied','partially_refunded'))
         LIMIT 10000)`,
      [bucketCutoff],
    );
    const promos: [unknown[], number] = await this.ds.query(
      `UPDATE loyalty_promo_code SET active = false, updated_at = now() WHERE active AND valid_to IS NOT NULL AND valid_to < $1 RETURNING id`,
      [now],
    );
    const runs = await this.batchedDelete(
      `DELETE FROM job_run WHERE id IN (SELECT id FROM job_run WHERE queue = $2 AND started_at < $1 LIMIT 10000)`,
      [new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * day), LOYALTY_QUEUE],
    );
    const result = { dispatchedEventsDeleted: events, bucketsDeleted: buckets, promoCodesDeactivated: promos[1], jobRunsDeleted: runs };
    this.logger.log(result, 'loyalty cleanup finished');
    return result;
  }

  /** Deletes in slices so one cleanup never holds a long lock or a huge transaction. */
  private async batchedDelete(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const res: [unknown[], number] = await this.ds.query(sql, params);
      total += res[1];
      if (res[1] < 10000) return total;
    }
  }
}
