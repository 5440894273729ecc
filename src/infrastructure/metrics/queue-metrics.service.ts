import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { isFinalFailure } from '../queues/dead-letter.service';
import { QueueRegistry } from '../queues/queue-registry';
import { addScrapeCollector, jobDuration, jobsTotal } from './metrics';

const SCRAPE_TIMEOUT_MS = 2000;
const within = <T>(p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), SCRAPE_TIMEOUT_MS).unref())]);

/**
 * Queue depth, dead-letter and inbox backlogs are read on scrape (from Redis and Postgres, so
 * every instance reports the shared truth); job outcomes are counted where jobs run, from each
 * queue's local `completed` / `failed` events, so every job counts whatever its processor does.
 */
@Injectable()
export class QueueMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly detach: Array<() => void> = [];

  constructor(
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.detach.push(addScrapeCollector((g) => this.collect(g)));
    if (!this.config.runsWorkers) return;
    for (const queue of this.queues.all().values()) {
      const completed = (job: Job) => this.observe(queue.name, job, 'completed');
      const failed = (job: Job) => this.observe(queue.name, job, isFinalFailure(job) ? 'dead_lettered' : 'retrying');
      queue.on('completed', completed);
      queue.on('failed', failed);
      this.detach.push(() => { queue.removeListener('completed', completed); queue.removeListener('failed', failed); });
    }
  }

  onModuleDestroy(): void {
    for (const d of this.detach.splice(0)) d();
  }

  private observe(queue: string, job: Job, outcome: 'completed' | 'retrying' | 'dead_lettered'): void {
    const labels = { queue, job: job.name, outcome };
    jobsTotal.inc(labels);
    const started = job.processedOn;
    if (started) jobDuration.observe(labels, Math.max(0, ((job.finishedOn ?? Date.now()) - started) / 1000));
  }

  private async collect(g: Parameters<Parameters<typeof addScrapeCollector>[0]>[0]): Promise<void> {
    await Promise.all([
      ...[...this.queues.all().values()].map(async (queue) => {
        const counts = (await within(queue.getJobCounts()).catch(() => undefined)) as Record<string, number> | undefined;
        for (const [state, n] of Object.entries(counts ?? {})) g.queueJobs.set({ queue: queue.name, state }, Number(n));
      }),
      within(this.dataSource.query(`SELECT queue, count(*)::int AS n FROM dead_letter_job WHERE status = 'dead' GROUP BY queue`))
        .then((rows: Array<{ queue: string; n: number }>) => rows.forEach((r) => g.deadLetters.set({ queue: r.queue }, r.n)))
        .catch(() => undefined),
      within(this.dataSource.query(`SELECT source, status, count(*)::int AS n FROM inbox_message WHERE status IN ('received', 'processing', 'failed') GROUP BY source, status`))
        .then((rows: Array<{ source: string; status: string; n: number }>) => rows.forEach((r) => g.inbox.set({ source: r.source, status: r.status }, r.n)))
        .catch(() => undefined),
    ]);
  }
}
