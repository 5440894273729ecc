import type { JobOptions, Queue } from 'bull';
import { newJobMeta, type JobMeta } from './job-meta';

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
};

/**
 * The one way to enqueue: `jobId` = idempotency key (Bull drops a duplicate while the first is
 * still in Redis), meta added for tracing. Real idempotency lives in Postgres unique keys.
 */
export async function enqueueJob<T extends object>(
  queue: Queue,
  name: string,
  data: T,
  opts: { idempotencyKey: string } & Omit<JobOptions, 'jobId'>,
): Promise<string> {
  const { idempotencyKey, ...jobOpts } = opts;
  const meta: JobMeta = newJobMeta(idempotencyKey);
  const job = await queue.add(name, { ...data, meta }, { ...DEFAULT_JOB_OPTIONS, ...jobOpts, jobId: idempotencyKey });
  return String(job.id);
}
