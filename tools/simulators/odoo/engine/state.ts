import { resolveModels, type ResolvedModel } from './registry';
import type { Row } from './types';

export interface SimUser {
  uid: number;
  login: string;
  password?: string;
  apiKeys: string[];
  /** 2FA on: passwords are refused over RPC, only API keys work. */
  apiKeysOnly: boolean;
  /** model (or `*`) → access letters r w c u. */
  access: Record<string, string>;
  /** model → record rule domain. */
  rules: Record<string, unknown[]>;
  active: boolean;
}

export interface Table {
  rows: Map<number, Row>;
  seq: number;
}

export type ChangeKind = 'create' | 'write' | 'unlink';
export type ChangeListener = (model: string, kind: ChangeKind, rows: Row[], fields: string[]) => void;

/** Every module the simulator knows; a test may install fewer (e.g. no helpdesk). */
export const ALL_MODULES = [
  'base', 'mail', 'product', 'uom', 'stock', 'sale', 'sale_stock', 'account', 'payment', 'helpdesk', 'project',
  'loyalty', 'membership', 'sale_subscription', 'base_automation', 'cartona_integration',
];

/** The whole in-memory server: one database. */
export class SimState {
  readonly models: Map<string, ResolvedModel>;
  readonly modules: Set<string>;
  readonly tables = new Map<string, Table>();
  readonly xmlids = new Map<string, { model: string; id: number }>();
  readonly auth = { byUid: new Map<number, SimUser>(), byLogin: new Map<string, SimUser>() };
  private readonly listeners: ChangeListener[] = [];
  /** Time offset (ms) a test can move the clock by. */
  clockOffsetMs = 0;
  /** Undo log of the running call: each RPC call is one transaction, rolled back on error. */
  private undoLog: Array<() => void> | null = null;
  private snapshotted: Set<Row> | null = null;

  constructor(readonly version: number, modules: string[], readonly db: string) {
    this.modules = new Set(modules);
    // The membership app was replaced in Odoo 19 (saas-18.3) by partner grades.
    if (version >= 19) this.modules.delete('membership');
    this.models = resolveModels(version, this.modules);
  }

  clock(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  table(model: string): Table {
    let t = this.tables.get(model);
    if (!t) {
      t = { rows: new Map(), seq: 0 };
      this.tables.set(model, t);
    }
    return t;
  }

  /** Runs `fn` as one transaction: every change is undone if it throws. */
  transaction<T>(fn: () => T): T {
    if (this.undoLog) return fn(); // nested: part of the outer transaction
    this.undoLog = [];
    this.snapshotted = new Set();
    try {
      const result = fn();
      return result;
    } catch (err) {
      for (const undo of this.undoLog.reverse()) undo();
      throw err;
    } finally {
      this.undoLog = null;
      this.snapshotted = null;
    }
  }

  undo(step: () => void): void {
    this.undoLog?.push(step);
  }

  /** Remembers a row's values once per transaction, to restore them on rollback. */
  snapshot(row: Row): void {
    if (!this.undoLog || this.snapshotted!.has(row)) return;
    this.snapshotted!.add(row);
    const before = { ...row };
    for (const [k, v] of Object.entries(before)) if (Array.isArray(v)) before[k] = [...v];
    this.undoLog.push(() => {
      for (const k of Object.keys(row)) delete row[k];
      Object.assign(row, before);
    });
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  emitChange(model: string, kind: ChangeKind, rows: Row[], fields: string[]): void {
    for (const l of this.listeners) l(model, kind, rows, fields);
  }

  addUser(user: SimUser): void {
    this.auth.byUid.set(user.uid, user);
    this.auth.byLogin.set(user.login, user);
  }

  /** The uid for valid credentials (password or API key), else undefined. */
  authenticate(login: string, secret: string): number | undefined {
    const u = this.auth.byLogin.get(login);
    if (!u || !u.active || typeof secret !== 'string') return undefined;
    if (u.apiKeys.includes(secret)) return u.uid;
    if (!u.apiKeysOnly && u.password !== undefined && u.password === secret) return u.uid;
    return undefined;
  }

  /** execute_kw's credential check (uid + password/key), Odoo's `security.check`. */
  checkCredentials(uid: unknown, secret: unknown): boolean {
    const u = typeof uid === 'number' ? this.auth.byUid.get(uid) : undefined;
    return !!u && this.authenticate(u.login, String(secret)) === uid;
  }

  /** The user owning an API key (JSON-2 bearer). */
  userByApiKey(key: string): SimUser | undefined {
    for (const u of this.auth.byUid.values()) if (u.active && u.apiKeys.includes(key)) return u;
    return undefined;
  }
}
