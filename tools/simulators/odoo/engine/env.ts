import { AccessError, MissingError } from './exceptions';
import { ModelRuntime } from './model-runtime';
import type { SimState } from './state';

export type Ctx = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, '0');

/** Odoo's `env`: who is calling (uid, su), with which context, on which server state. */
export class Env {
  constructor(readonly state: SimState, readonly uid: number, readonly context: Ctx = {}, readonly su = false) {}

  get version(): number {
    return this.state.version;
  }

  m(model: string): ModelRuntime {
    const def = this.state.models.get(model);
    if (!def) throw new MissingModel(model);
    return new ModelRuntime(this, def);
  }

  has(model: string): boolean {
    return this.state.models.has(model);
  }

  sudo(): Env {
    return this.su ? this : new Env(this.state, this.uid, this.context, true);
  }

  withContext(ctx: Ctx): Env {
    return new Env(this.state, this.uid, { ...this.context, ...ctx }, this.su);
  }

  now(): Date {
    return this.state.clock();
  }

  /** `YYYY-MM-DD HH:MM:SS` UTC. */
  nowStr(): string {
    const d = this.now();
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }

  today(): string {
    return this.nowStr().slice(0, 10);
  }

  /** Record id of an xmlid from the fixtures (`module.name` or `name`). */
  ref(xmlid: string): number {
    const id = this.state.xmlids.get(xmlid)?.id;
    if (id === undefined) throw new MissingError(`External ID not found in the system: ${xmlid}`);
    return id;
  }

  refOr(xmlid: string): number | false {
    return this.state.xmlids.get(xmlid)?.id ?? false;
  }

  /** The integration user's access letters on a model (r/w/c/u); superuser has all. */
  checkAccess(model: string, op: 'read' | 'write' | 'create' | 'unlink'): void {
    if (this.su) return;
    const user = this.state.auth.byUid.get(this.uid);
    const letters = user?.access[model] ?? user?.access['*'] ?? '';
    const need = { read: 'r', write: 'w', create: 'c', unlink: 'u' }[op];
    if (!letters.includes(need)) {
      const desc = this.state.models.get(model)?.description ?? model;
      const verb = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' }[op];
      throw new AccessError(`You are not allowed to ${verb} '${desc}' (${model}) records.\n\nContact your administrator to request access if necessary.`);
    }
  }

  /** The user's record rule domain on a model, if any. */
  ruleDomain(model: string): unknown[] | undefined {
    if (this.su) return undefined;
    return this.state.auth.byUid.get(this.uid)?.rules[model];
  }
}

/** `request.env[model]` on an unknown model: KeyError in Odoo (a server error / JSON-2 404). */
export class MissingModel extends Error {
  constructor(readonly model: string) {
    super(model);
  }
}
