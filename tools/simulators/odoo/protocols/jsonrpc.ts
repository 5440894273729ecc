import { PyException } from '../engine/exceptions';
import type { SimState } from '../engine/state';
import { describe, dispatchService, versionInfo } from './services';
import { json, type HttpResult, type ParsedCall } from './types';

export function serializeException(err: unknown): Record<string, unknown> {
  const py = err instanceof PyException ? err : new PyException('builtins.Exception', String((err as Error)?.message ?? err));
  return { name: py.pyName, debug: py.traceback(), message: py.message, arguments: [py.message], context: {} };
}

/** `/jsonrpc` (and the version_info web route): HTTP 200 with `result` or an `error` object. */
export function parseJsonRpc(state: SimState, raw: string, route: 'jsonrpc' | 'version_info'): ParsedCall | HttpResult {
  let req: { id?: unknown; params?: { service?: unknown; method?: unknown; args?: unknown } };
  try {
    req = JSON.parse(raw);
  } catch {
    return json(400, { jsonrpc: '2.0', id: null, error: { code: 400, message: 'Invalid JSON data', data: {} } });
  }
  const id = req?.id ?? null;
  const errorCode = state.version >= 19 ? 0 : 200;
  const respond = (payload: Record<string, unknown>): HttpResult => json(200, { jsonrpc: '2.0', id, ...payload });
  const fail = (err: unknown): HttpResult => {
    const data = serializeException(err);
    if (data.name === 'odoo.http.SessionExpiredException') return respond({ error: { code: 100, message: 'Odoo Session Expired', data } });
    if (data.name === 'werkzeug.exceptions.NotFound') return respond({ error: { code: 404, message: '404: Not Found', data } });
    return respond({ error: { code: errorCode, message: 'Odoo Server Error', data } });
  };
  if (route === 'version_info') {
    return { protocol: 'jsonrpc', service: 'web', method: 'version_info', run: () => versionInfo(state), ok: (r) => respond({ result: r }), fail };
  }
  const service = String(req?.params?.service ?? '');
  const method = String(req?.params?.method ?? '');
  const args = Array.isArray(req?.params?.args) ? (req.params!.args as unknown[]) : [];
  const { model, odooMethod, uid } = describe(service, method, args);
  return {
    protocol: 'jsonrpc',
    service,
    method: odooMethod,
    model,
    uid,
    run: () => dispatchService(state, 'jsonrpc', service, method, args),
    // 17/18 omit `result` when the method returned None; 19 sends null.
    ok: (result) => respond(result === null || result === undefined ? (state.version >= 19 ? { result: null } : {}) : { result }),
    fail,
  };
}
