import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '../../src/infrastructure/database';
import { testDatabaseUrl } from './test-env';

/** Creates this checkout's test database and applies migrations once for the whole run. */
export default async function globalSetup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!/test/.test(new URL(url).pathname)) throw new Error(`refusing to run tests against ${new URL(url).pathname}: name lacks "test"`);
  await ensureDatabase(url);
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
