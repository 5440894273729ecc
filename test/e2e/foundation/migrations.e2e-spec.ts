import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '../../../src/infrastructure/database';
import { testDatabaseUrl } from '../../support/test-env';

const MIGRATION_FILES = readdirSync(join(__dirname, '..', '..', '..', 'migrations')).filter((f) => /^\d{13}-\w+\.ts$/.test(f));
const expectedNames = MIGRATION_FILES.map((f) => { const [, ts, name] = /^(\d{13})-(\w+)\.ts$/.exec(f)!; return `${name}${ts}`; }).sort();

describe('database and migrations', () => {
  it('has every migration in migrations/ applied to the test database, and never synchronizes', async () => {
    const ds = await new DataSource(dataSourceOptions(testDatabaseUrl(), 1)).initialize();
    try {
      const applied = (await ds.query(`SELECT name FROM hub_migrations ORDER BY name`)).map((r: { name: string }) => r.name);
      expect([...applied].sort()).toEqual(expectedNames);
      const tables = (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map((r: { table_name: string }) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['auth_account', 'auth_api_key', 'audit_log', 'inbox_message', 'dead_letter_job', 'job_run']));
      expect(ds.options.synchronize).toBe(false);
      expect(ds.options.migrationsRun).toBe(false);
    } finally {
      await ds.destroy();
    }
  });

  it('creates a missing database and migrates it once when several instances start together', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `${url.pathname}_fresh_${randomUUID().slice(0, 8)}`;
    const fresh = url.toString();
    try {
      const created = await Promise.all([ensureDatabase(fresh), ensureDatabase(fresh), ensureDatabase(fresh)]);
      expect(created.filter(Boolean)).toHaveLength(1);
      const sources = await Promise.all([0, 1, 2].map(() => new DataSource(dataSourceOptions(fresh, 2)).initialize()));
      try {
        const results = await Promise.all(sources.map((ds) => runMigrations(ds)));
        expect(results.flat().map((m) => m.name).sort()).toEqual(expectedNames); // each applied exactly once, by one instance
        expect(results.filter((r) => r.length === 0)).toHaveLength(2);
        const rows = await sources[0].query(`SELECT count(*)::int AS n FROM hub_migrations`);
        expect(rows[0].n).toBe(expectedNames.length);
        expect(await runMigrations(sources[1])).toEqual([]);
      } finally {
        await Promise.all(sources.map((ds) => ds.destroy()));
      }
    } finally {
      const admin = new URL(fresh);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    }
  });
});
