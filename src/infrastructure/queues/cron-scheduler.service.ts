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
  private readonly tables = new Map<string, { queue: Queue; entries: readonly CronEntry[] }>();
  constructor(private readonly config: AppConfig) {}

  /**
   * Every process records the tables (admin API and CLI list them and run a job on demand);
   * only worker processes write the repeatables to Redis.
   */
  async sync(queue: Queue, table: readonly CronEntry[]): Promise<void> {
    this.tables.set(queue.name, { queue, entries: [...table] });
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

  /** The cron tables registered in this process, by queue. */
  registered(): Array<{ queue: Queue; entry: CronEntry }> {
    return [...this.tables.values()].flatMap(({ queue, entries }) => entries.map((entry) => ({ queue, entry })));
  }

  find(name: string): { queue: Queue; entry: CronEntry } | undefined {
    return this.registered().find((r) => r.entry.name === name);
  }
}
