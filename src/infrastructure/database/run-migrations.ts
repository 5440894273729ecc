import type { DataSource, Migration } from 'typeorm';

/** Any fixed number: all hub instances agree on it so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 724_311_908;

/**
 * Applies pending migrations under a Postgres advisory lock, so N instances starting together
 * do not race; the ones that wait find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
