import { Client } from 'pg';

/** Creates the target database if it does not exist (connecting to the `postgres` maintenance db). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`config: DATABASE_URL has an unsupported database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // Instances starting together serialise on a lock keyed by the name (session-level; released by end()).
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`ensure-database:${name}`]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (err) {
      // Created meanwhile by something not taking our lock: 42P04 duplicate_database, or 23505
      // when two CREATE DATABASE statements race on pg_database's unique index.
      const code = (err as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw err;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}
