import { currentRequestId } from '../http/request-context';

/** Carried by every job payload: what makes it idempotent and which request caused it. */
export interface JobMeta {
  idempotencyKey: string;
  requestId?: string;
  enqueuedAt: string;
}

export type WithMeta<T> = T & { meta: JobMeta };

export function newJobMeta(idempotencyKey: string): JobMeta {
  return { idempotencyKey, requestId: currentRequestId(), enqueuedAt: new Date().toISOString() };
}
