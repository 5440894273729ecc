import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The hub's own metrics, created once per process on prom-client's default registry (the one
 * `/metrics` serves). Contexts add theirs the same way: module-level, `hub_` prefix, bounded labels.
 */
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

export const httpRequestDuration = new Histogram({
  name: 'hub_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const jobsTotal = new Counter({
  name: 'hub_jobs_total',
  help: 'Job attempts finished by queue, job name and outcome (completed, retrying, dead_lettered)',
  labelNames: ['queue', 'job', 'outcome'] as const,
});

export const jobDuration = new Histogram({
  name: 'hub_job_duration_seconds',
  help: 'Job attempt duration by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
});

/** Filled on scrape by the collectors registered below (see QueueMetrics). */
type Collector = (gauges: { queueJobs: Gauge<'queue' | 'state'>; deadLetters: Gauge<'queue'>; inbox: Gauge<'source' | 'status'> }) => Promise<void>;
const collectors = new Set<Collector>();

export function addScrapeCollector(c: Collector): () => void {
  collectors.add(c);
  return () => collectors.delete(c);
}

let collecting: Promise<void> | undefined;
/** One collection per scrape, shared by the three gauges. */
function collectOnce(): Promise<void> {
  collecting ??= (async () => {
    queueJobs.reset();
    deadLetters.reset();
    inbox.reset();
    await Promise.all([...collectors].map((c) => c({ queueJobs, deadLetters, inbox }).catch(() => undefined)));
  })().finally(() => setImmediate(() => (collecting = undefined)));
  return collecting;
}

export const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
  name: 'hub_queue_jobs',
  help: 'Jobs in each Bull queue by state (waiting, active, delayed, failed, completed, paused), read from Redis on scrape',
  labelNames: ['queue', 'state'] as const,
  collect: collectOnce,
});

export const deadLetters: Gauge<'queue'> = new Gauge({
  name: 'hub_dead_letters',
  help: 'Dead letters waiting for an operator (status dead) by queue',
  labelNames: ['queue'] as const,
  collect: collectOnce,
});

export const inbox: Gauge<'source' | 'status'> = new Gauge({
  name: 'hub_inbox_messages',
  help: 'Inbound webhook messages not yet processed, by source and status (received, processing, failed)',
  labelNames: ['source', 'status'] as const,
  collect: collectOnce,
});

export { register as metricsRegistry };
