import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { pgCode } from '../persistence/sql';

// serialization_failure, deadlock_detected: the transaction did nothing and may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs `fn` in one READ COMMITTED transaction (concurrency is handled with row locks and
 * conditional updates), retrying the whole unit a few times when Postgres aborts it for a
 * deadlock or serialization failure.
 */
export async function inTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>, retries = 4): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ds.transaction(fn);
    } catch (err) {
      if (!RETRYABLE.has(pgCode(err) ?? '') || attempt >= retries) throw err;
      await sleep(5 + Math.random() * 20 * 2 ** attempt);
    }
  }
}
