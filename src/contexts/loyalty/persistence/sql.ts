import type { EntityManager } from 'typeorm';

/**
 * Rows of a raw query. TypeORM returns `[rows, affected]` for UPDATE/DELETE and plain rows for
 * everything else; callers should not have to remember which.
 */
export async function queryRows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const res: unknown = await em.query(sql, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}

export async function queryOne<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await queryRows<T>(em, sql, params))[0] ?? null;
}

/** Postgres error code of a failed query (TypeORM wraps the driver error). */
export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } } | undefined;
  return e?.driverError?.code ?? e?.code;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
