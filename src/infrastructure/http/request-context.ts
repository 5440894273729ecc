import { CLS_ID, ClsServiceManager } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's request id only if it is a sane token; otherwise mints one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID_RE.test(header) ? header : randomUUID();
}

/** The request id of the current HTTP request or job, from async-local storage. */
export function currentRequestId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? (cls.getId() as string | undefined) : undefined;
}

/** Runs `fn` with a request id in async-local storage (used by job processors and consumers). */
export function runWithRequestId<T>(requestId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const cls = ClsServiceManager.getClsService();
  return cls.run(async () => {
    cls.set(CLS_ID, requestId ?? randomUUID());
    return fn();
  });
}
