import { Env, MissingModel } from './env';
import { HttpError, PyException, PyKeyError, PyTypeError } from './exceptions';
import { MAIL_METHODS, ORM_METHODS } from './orm-methods';
import { toWire } from './recordset';
import type { SimState } from './state';
import type { MethodDef, MethodParam } from './types';

export type Protocol = 'xmlrpc' | 'jsonrpc' | 'json2';

class PyAttributeError extends PyException {
  constructor(message: string) {
    super('builtins.AttributeError', message, 500);
  }
}

/** The method a model answers to: its own, then mail.thread's, then BaseModel's. */
export function findMethod(state: SimState, model: string, method: string): MethodDef | undefined {
  const def = state.models.get(model);
  if (!def) return undefined;
  let m = def.methods[method] ?? (def.mailThread ? MAIL_METHODS[method] : undefined) ?? ORM_METHODS[method];
  if (!m) return undefined;
  if ((m.since !== undefined && state.version < m.since) || (m.until !== undefined && state.version > m.until)) return undefined;
  // Odoo 19 renamed name_search's `args` to `domain`.
  if (method === 'name_search' && state.version >= 19) {
    m = { ...m, params: (m.params ?? []).map((p) => (typeof p !== 'string' && p.name === 'args' ? { name: 'domain', default: null } : p)) };
  }
  return m;
}

const param = (p: string | MethodParam): MethodParam => (typeof p === 'string' ? { name: p } : p);

/** Python's argument binding, with its error messages (TypeError on RPC, 422 on JSON-2). */
function bind(label: string, def: MethodDef, positional: unknown[], kwargs: Record<string, unknown>, json2: boolean): Record<string, unknown> {
  const params = (def.params ?? []).map(param);
  const fail = (py: string, sig: string): never => {
    throw json2 ? new HttpError(422, 'werkzeug.exceptions.UnprocessableEntity', sig) : new PyTypeError(`${label}() ${py}`);
  };
  if (positional.length > params.length && !def.varKw) {
    fail(`takes ${params.length + 1} positional arguments but ${positional.length + 1} were given`, 'too many positional arguments');
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => { if (params[i]) out[params[i].name] = v; });
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'context') continue;
    const known = params.some((p) => p.name === k);
    if (!known && !def.varKw) fail(`got an unexpected keyword argument '${k}'`, `got an unexpected keyword argument '${k}'`);
    if (k in out) fail(`got multiple values for argument '${k}'`, `multiple values for argument '${k}'`);
    out[k] = v;
  }
  for (const p of params) {
    if (p.name in out) continue;
    if (!('default' in p)) fail(`missing 1 required positional argument: '${p.name}'`, `missing a required argument: '${p.name}'`);
    out[p.name] = p.default;
  }
  return out;
}

function normalizeIds(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  if (v === false || v === null || v === undefined) return [];
  throw new PyTypeError(`expected record ids, got ${JSON.stringify(v).slice(0, 80)}`);
}

export interface CallRequest {
  uid: number;
  model: string;
  method: string;
  /** execute_kw positional args (record methods: ids first). */
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** JSON-2: ids and named arguments. */
  json2?: { ids: unknown; body: Record<string, unknown> };
  protocol: Protocol;
}

/** Runs one RPC call as one transaction, like Odoo's `retrying(call_kw)`. */
export function callKw(state: SimState, req: CallRequest): unknown {
  const json2 = req.protocol === 'json2';
  if (!state.models.has(req.model)) {
    if (json2) throw new HttpError(404, 'werkzeug.exceptions.NotFound', `the model '${req.model}' does not exist`);
    throw new PyKeyError(`'${req.model}'`);
  }
  if (req.method.startsWith('_')) {
    const msg = `Private methods (such as ${req.model}.${req.method}) cannot be called remotely.`;
    if (json2) throw new HttpError(404, 'werkzeug.exceptions.NotFound', msg);
    throw new PyAttributeError(msg);
  }
  const def = findMethod(state, req.model, req.method);
  if (!def) {
    const msg = `The method '${req.model}.${req.method}' does not exist`;
    if (json2) throw new HttpError(404, 'werkzeug.exceptions.NotFound', msg);
    throw new PyAttributeError(msg);
  }
  const kwargs = json2 ? { ...req.json2!.body } : { ...(req.kwargs ?? {}) };
  const context = (kwargs.context && typeof kwargs.context === 'object' ? kwargs.context : {}) as Record<string, unknown>;
  delete kwargs.context;
  let ids: number[] = [];
  let positional = json2 ? [] : [...(req.args ?? [])];
  if (json2) {
    ids = normalizeIds(req.json2!.ids);
    if (def.api === 'model' && ids.length) throw new HttpError(422, 'werkzeug.exceptions.UnprocessableEntity', `cannot call ${req.model}.${req.method} with ids`);
  } else if (def.api === 'multi') {
    if (!positional.length) throw new PyTypeError(`${req.model}.${req.method}() missing 1 required positional argument: 'self'`);
    ids = normalizeIds(positional[0]);
    positional = positional.slice(1);
  }
  const label = `${req.model.split('.').map((s) => s[0].toUpperCase() + s.slice(1)).join('')}.${req.method}`;
  const bound = bind(label, def, positional, kwargs, json2);
  bound.__model = req.model;
  const env = new Env(state, req.uid, context);
  return state.transaction(() => {
    if (def.api === 'multi' && !ORM_METHODS[req.method]) {
      // Business methods run with the caller's rights on the records they touch.
      const m = env.m(req.model);
      env.checkAccess(req.model, 'read');
      m.read(ids, ['id']);
    }
    try {
      return toWire(def.impl(env, ids, bound), req.protocol);
    } catch (err) {
      if (err instanceof MissingModel) throw new PyKeyError(`'${err.model}'`);
      throw err;
    }
  });
}
