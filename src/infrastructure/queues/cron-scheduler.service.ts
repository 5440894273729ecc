import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config';

/** One entry of a context's cron table (`jobs/<context>.jobs.ts`). */
export interface CronEntry {
  /** Job name, `context.verb-noun`; also the repeatable's id. */
  name: string;
  /** Cron pattern (5 or 6 fields) … */
  cron?: string;
  /** … or a fixed interval in milliseconds. */
  everyMs?: number;
  tz?: string;
  data?: Record<string, unknown>;
}

/**
 * Registers a context's cron table as Bull repeatable jobs. Bull stores one repeatable per
 * name + pattern in Redis, so N instances produce one firing per tick; repeatables no longer in
 * the table (or whose pattern changed) are removed so an edited pattern does not fire twice.
 */
@Injectable()
export class CronScheduler {
  private readonly logger = new Logger(CronScheduler.name);
  constructor(private readonly config: AppConfig) {}

  async sync(queue: Queue, table: readonly CronEntry[]): Promise<void> {
    if (!this.config.runsWorkers) return;
    const wanted = new Map(table.map((e) => [e.name, e]));
    for (const existing of await queue.getRepeatableJobs()) {
      const entry = wanted.get(existing.name);
      const samePattern =
        entry && (entry.cron ? existing.cron === entry.cron && (existing.tz ?? null) === (entry.tz ?? null) : Number(existing.every) === entry.everyMs);
      if (!samePattern) await queue.removeRepeatableByKey(existing.key);
    }
    for (const entry of table) {
      const repeat = entry.cron ? { cron: entry.cron, ...(entry.tz ? { tz: entry.tz } : {}) } : { every: entry.everyMs! };
      await queue.add(entry.name, { ...(entry.data ?? {}), meta: { idempotencyKey: `cron:${entry.name}`, enqueuedAt: new Date().toISOString() } }, {
        repeat,
        jobId: entry.name,
        removeOnComplete: 100,
        removeOnFail: 100,
        attempts: 1,
      });
    }
    this.logger.log({ queue: queue.name, jobs: table.map((e) => e.name) }, 'cron table synced');
  }
}
