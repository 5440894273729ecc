import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callKw } from './dispatch';
import { Env } from './env';
import type { SimState, SimUser } from './state';

/**
 * Loads `fixtures/*.json` in file-name order (numeric prefixes keep dependencies first). A file
 * is an object whose keys, in order, are model names (→ records to create), `@users` (users
 * with credentials and access rules) or `@calls` (business methods to run, e.g. confirming
 * orders, so states are reached the way Odoo reaches them). Inside values:
 * - `"@id"` names a record (its xmlid); `"@ref:xmlid"` anywhere is replaced by that id;
 * - `{"$search": {"model": m, "domain": d}}` → the first id matching (records created on the way);
 * - `"@today"`, `"@today-30"` → a date relative to the simulator clock; `"@now"`, `"@now-2h"`,
 *   `"@now+15m"`, `"@now-3d"` → a datetime.
 */
export interface FixtureUser {
  '@id'?: string;
  login: string;
  name: string;
  password?: string;
  api_keys?: string[];
  api_keys_only?: boolean;
  access?: Record<string, string>;
  rules?: Record<string, unknown[]>;
  email?: string;
  active?: boolean;
}

interface FixtureCall {
  model: string;
  method: string;
  ids?: unknown[];
  /** Alternative to ids: the records matching this domain. */
  domain?: unknown[];
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  context?: Record<string, unknown>;
  '@id'?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function resolveToken(state: SimState, v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith('@')) {
    if (v.startsWith('@ref:')) {
      const x = state.xmlids.get(v.slice(5));
      if (!x) throw new Error(`fixture reference to unknown xmlid ${v.slice(5)}`);
      return x.id;
    }
    const now = state.clock();
    const today = /^@today([+-]\d+)?$/.exec(v);
    if (today) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + Number(today[1] ?? 0)));
      return d.toISOString().slice(0, 10);
    }
    const rel = /^@now(?:([+-]\d+)([smhd]))?$/.exec(v);
    if (rel) {
      const mult = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[(rel[2] ?? 's') as 's'];
      const d = new Date(now.getTime() + Number(rel[1] ?? 0) * mult);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    }
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => resolveToken(state, x));
  if (v && typeof v === 'object' && '$search' in v) {
    // {"$search": {"model": "...", "domain": [...]}} → the first matching id (or false).
    const q = (v as { $search: { model: string; domain: unknown[] } }).$search;
    const env = new Env(state, 1, { active_test: false }, true);
    return env.m(q.model).search(resolveToken(state, q.domain) as unknown[], { limit: 1 })[0] ?? false;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '@id' && k !== '@versions') out[k] = resolveToken(state, x);
    return out;
  }
  return v;
}

function inVersion(state: SimState, rec: Record<string, unknown>): boolean {
  const v = rec['@versions'] as number[] | undefined;
  return !v || v.includes(state.version);
}

export function addUser(state: SimState, u: FixtureUser): number {
  const env = new Env(state, 1, {}, true);
  const users = env.m('res.users');
  const [uid] = users.create([{ name: u.name, login: u.login, email: u.email ?? (u.login.includes('@') ? u.login : false), active: u.active ?? true }]);
  const user: SimUser = {
    uid, login: u.login, password: u.password, apiKeys: u.api_keys ?? [], apiKeysOnly: u.api_keys_only ?? false,
    access: u.access ?? { '*': 'rwcu' }, rules: (resolveToken(state, u.rules ?? {}) as Record<string, unknown[]>), active: u.active ?? true,
  };
  state.addUser(user);
  if (u['@id']) state.xmlids.set(u['@id'], { model: 'res.users', id: uid });
  return uid;
}

export function loadFixtureObject(state: SimState, data: Record<string, unknown>, source = 'fixture'): void {
  const env = new Env(state, 1, { tracking_disable: true, fixture_lenient: true }, true);
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('//') || key === '$comment') continue;
    if (key === '@users') {
      for (const u of value as FixtureUser[]) addUser(state, u);
      continue;
    }
    if (key === '@calls') {
      for (const c of value as FixtureCall[]) {
        if (!inVersion(state, c as unknown as Record<string, unknown>)) continue;
        if (!state.models.has(c.model)) continue;
        const ids = c.ids ? (resolveToken(state, c.ids) as number[])
          : c.domain ? new Env(state, 1, { active_test: false }, true).m(c.model).search(resolveToken(state, c.domain) as unknown[]) : undefined;
        const args = ids ? [ids, ...((resolveToken(state, c.args ?? []) as unknown[]))] : (resolveToken(state, c.args ?? []) as unknown[]);
        const kwargs = { ...(resolveToken(state, c.kwargs ?? {}) as Record<string, unknown>), context: { fixture_lenient: true, ...(resolveToken(state, c.context ?? {}) as Record<string, unknown>) } };
        const result = callKw(state, { uid: 1, model: c.model, method: c.method, args, kwargs, protocol: 'jsonrpc' });
        if (c['@id']) {
          const id = typeof result === 'number' ? result : Array.isArray(result) ? result[0] : (result as { res_id?: number })?.res_id;
          if (typeof id === 'number') state.xmlids.set(c['@id'], { model: c.model, id });
        }
      }
      continue;
    }
    if (!state.models.has(key)) continue; // a model of a module not installed (or another version)
    const m = env.m(key);
    for (const rec of value as Array<Record<string, unknown>>) {
      if (!inVersion(state, rec)) continue;
      // Drop fields this version/module set does not have (fixtures serve 17, 18 and 19) before
      // resolving references, which may point at records of a module that is not installed.
      const present = Object.fromEntries(Object.entries(rec).filter(([k]) => k.startsWith('@') || m.field(k)));
      const vals = resolveToken(state, present) as Record<string, unknown>;
      try {
        const [id] = m.create([vals]);
        if (typeof rec['@id'] === 'string') state.xmlids.set(rec['@id'], { model: key, id });
      } catch (err) {
        throw new Error(`${source}: cannot create ${key} ${String(rec['@id'] ?? '')}: ${(err as Error).message}`);
      }
    }
  }
}

export function fixtureDir(): string {
  return join(__dirname, '..', 'fixtures');
}

/** Loads every fixture file (or only those whose name contains one of `only`). */
export function loadFixtures(state: SimState, dir = fixtureDir(), only?: string[]): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    if (only && !only.some((o) => file.includes(o))) continue;
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    state.transaction(() => loadFixtureObject(state, data, file));
  }
}
