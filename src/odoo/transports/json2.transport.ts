import { OdooBadRequest, OdooConfigurationError } from '../odoo.errors';
import type { OdooServerVersion } from '../odoo.types';
import { errorFromJson2, protocolError } from './fault-mapping';
import { httpStatusError } from './http';
import { parseServerVersion, type OdooCallControl, type OdooRpcCall, type OdooTransport, type TransportDeps } from './transport';

/**
 * Positional parameter names of the ORM methods, as JSON-2 (Odoo 19+) wants them: named
 * arguments only, ids in `ids`, context in `context`. `model: true` = @api.model (no ids).
 * Record methods not listed (action_confirm, message_post…) take `args[0]` as ids and kwargs.
 * Register more with `registerJson2Signature`.
 */
const SIGNATURES = new Map<string, { model: boolean; params: string[] }>([
  ['search', { model: true, params: ['domain', 'offset', 'limit', 'order'] }],
  ['search_read', { model: true, params: ['domain', 'fields', 'offset', 'limit', 'order'] }],
  ['search_count', { model: true, params: ['domain', 'limit'] }],
  ['create', { model: true, params: ['vals_list'] }],
  ['fields_get', { model: true, params: ['allfields', 'attributes'] }],
  ['name_search', { model: true, params: ['name', 'domain', 'operator', 'limit'] }],
  ['read_group', { model: true, params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'] }],
  ['context_get', { model: true, params: [] }],
  ['read', { model: false, params: ['fields', 'load'] }],
  ['write', { model: false, params: ['vals'] }],
  ['unlink', { model: false, params: [] }],
  ['copy', { model: false, params: ['default'] }],
]);

export function registerJson2Signature(method: string, signature: { model: boolean; params: string[] }): void {
  SIGNATURES.set(method, signature);
}

const isIds = (v: unknown): v is number[] | number =>
  (typeof v === 'number' && Number.isInteger(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x)));

/** Builds the JSON-2 body (named arguments) from an execute_kw-shaped call. */
export function json2Body(call: OdooRpcCall): Record<string, unknown> {
  const { context, ...kwargs } = call.kwargs;
  const body: Record<string, unknown> = {};
  const sig = SIGNATURES.get(call.method);
  let positional = call.args;
  if (!sig || !sig.model) {
    if (positional.length > 0) {
      if (!isIds(positional[0])) {
        throw new OdooBadRequest(`${call.model}.${call.method}: JSON-2 takes named arguments only; pass them as kwargs`);
      }
      body.ids = Array.isArray(positional[0]) ? positional[0] : [positional[0]];
      positional = positional.slice(1);
    }
  }
  const names = sig?.params ?? [];
  if (positional.length > names.length) {
    throw new OdooBadRequest(`${call.model}.${call.method}: JSON-2 takes named arguments only; pass the extra positional arguments as kwargs`);
  }
  positional.forEach((v, i) => { body[names[i]] = v; });
  // A single dict create is still a list on JSON-2.
  if (call.method === 'create' && body.vals_list && !Array.isArray(body.vals_list)) body.vals_list = [body.vals_list];
  Object.assign(body, kwargs);
  if (context && Object.keys(context as object).length) body.context = context;
  return body;
}

/** `POST /json/2/<model>/<method>` with a bearer API key (Odoo 19+). No uid, no session. */
export class Json2Transport implements OdooTransport {
  readonly protocol = 'json2' as const;
  readonly usesUid = false;
  private readonly headers: Record<string, string>;

  constructor(private readonly deps: TransportDeps) {
    const key = deps.settings.apiKey;
    if (!key) throw new OdooConfigurationError('JSON-2 needs an API key: set ODOO_API_KEY (passwords are not accepted on /json/2)');
    this.headers = { 'content-type': 'application/json; charset=utf-8', authorization: `bearer ${key}`, 'x-odoo-database': deps.settings.db };
  }

  async version(ctl: OdooCallControl): Promise<OdooServerVersion> {
    const res = await this.deps.http.get('/web/version', ctl.signal, ctl.timeoutMs);
    if (res.status !== 200) throw httpStatusError(res, 'GET /web/version');
    try {
      return parseServerVersion(JSON.parse(res.body));
    } catch {
      throw protocolError('GET /web/version', res.body);
    }
  }

  async authenticate(ctl: OdooCallControl): Promise<number> {
    const ctx = (await this.execute({ model: 'res.users', method: 'context_get', args: [], kwargs: {} }, ctl)) as { uid?: unknown } | null;
    return typeof ctx?.uid === 'number' ? ctx.uid : 0;
  }

  async execute(call: OdooRpcCall, ctl: OdooCallControl): Promise<unknown> {
    const path = `/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`;
    const res = await this.deps.http.post(path, JSON.stringify(json2Body(call)), this.headers, ctl.signal, ctl.timeoutMs);
    const isJson = res.contentType.includes('json');
    if (res.status === 200) {
      if (!isJson) throw protocolError(`JSON-2 ${call.model}.${call.method}`, res.body);
      try {
        return res.body.length ? JSON.parse(res.body) : null;
      } catch {
        throw protocolError(`JSON-2 ${call.model}.${call.method}`, res.body);
      }
    }
    if (!isJson) {
      // Errors raised before dispatch may come as text/html.
      if (res.status === 401) throw errorFromJson2(401, null);
      throw httpStatusError(res, `JSON-2 ${call.model}.${call.method}`);
    }
    let body: unknown = null;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw protocolError(`JSON-2 ${call.model}.${call.method}`, res.body);
    }
    throw errorFromJson2(res.status, body);
  }
}
