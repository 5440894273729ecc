import { Logger } from '@nestjs/common';
import { AppError } from '../../../infrastructure/errors';
import { PortalDataUnavailable } from '../domain/portal.errors';

/** Where a section of a response came from and how old it is. */
export interface Freshness {
  source: 'odoo' | 'local_copy';
  /** True when Odoo could not be asked and the last local copy is served instead. */
  stale: boolean;
  asOf: Date;
  ageSeconds: number;
  /** Why a copy is served (e.g. `ODOO.TIMEOUT`), when stale. */
  reason?: string;
}

export interface Fresh<T> {
  value: T;
  freshness: Freshness;
}

const logger = new Logger('PortalFreshness');

export function liveFreshness(at: Date = new Date()): Freshness {
  return { source: 'odoo', stale: false, asOf: at, ageSeconds: 0 };
}

export function copyFreshness(asOf: Date, stale: boolean, reason?: string, now = Date.now()): Freshness {
  return { source: 'local_copy', stale, asOf, ageSeconds: Math.max(0, Math.round((now - asOf.getTime()) / 1000)), ...(reason ? { reason } : {}) };
}

/** Odoo could not be reached or answered unusably: a read may fall back to its local copy. */
export function isUpstreamFailure(err: unknown): err is AppError {
  return err instanceof AppError && (err.kind === 'unavailable' || err.kind === 'bad_gateway');
}

/**
 * Reads live from Odoo and saves the answer as the local copy; when Odoo is down, slow or
 * broken, serves the last local copy marked stale with its age instead. With no copy either,
 * answers 503 with a retry hint. Errors that are not Odoo's (our bugs, a missing record) pass through.
 */
export async function liveOrCopy<T>(what: string, steps: {
  live: () => Promise<T>;
  save: (value: T, at: Date) => Promise<void>;
  copy: () => Promise<{ value: T; at: Date } | null>;
}): Promise<Fresh<T>> {
  let value: T;
  const at = new Date();
  try {
    value = await steps.live();
  } catch (err) {
    if (!isUpstreamFailure(err)) throw err;
    const copy = await steps.copy();
    if (!copy) throw new PortalDataUnavailable(what, err.retryAfterSeconds ?? 30, err);
    logger.warn({ what, code: err.code, copyAgeSeconds: Math.round((Date.now() - copy.at.getTime()) / 1000) }, 'serving local copy');
    return { value: copy.value, freshness: copyFreshness(copy.at, true, err.code) };
  }
  await steps.save(value, at).catch((err: unknown) => logger.error({ what, err: String(err) }, 'saving local copy failed'));
  return { value, freshness: liveFreshness(at) };
}

/** The worst of several sections: stale if any is, as old as the oldest. */
export function combineFreshness(parts: Freshness[]): Freshness {
  const stale = parts.filter((p) => p.stale);
  if (!stale.length) return parts.reduce((a, b) => (a.asOf < b.asOf ? a : b), parts[0] ?? liveFreshness());
  return stale.reduce((a, b) => (a.asOf < b.asOf ? a : b));
}
