import { callKw } from '../engine/dispatch';
import { HttpError, PyException } from '../engine/exceptions';
import type { SimState } from '../engine/state';
import { serializeException } from './jsonrpc';
import { html, json, type HttpResult, type ParsedCall } from './types';

/** `POST /json/2/<model>/<method>` (Odoo 19+): bearer API key, named arguments, HTTP status errors. */
export function parseJson2(state: SimState, model: string, method: string, httpMethod: string, headers: Record<string, string | string[] | undefined>, raw: string): ParsedCall | HttpResult {
  if (state.version < 19) return html(404, 'Not Found', 'The requested URL was not found on the server.');
  const fail = (err: unknown): HttpResult => {
    const py = err instanceof PyException ? err : new PyException('builtins.Exception', String((err as Error)?.message ?? err));
    const status = py instanceof HttpError ? py.status : py.httpStatus;
    const extra: Record<string, string> = status === 401 ? { 'www-authenticate': 'bearer' } : {};
    return json(status, serializeException(py), extra);
  };
  if (httpMethod !== 'POST') return fail(new HttpError(405, 'werkzeug.exceptions.MethodNotAllowed', 'The method is not allowed for the requested URL.'));
  const auth = String(headers.authorization ?? '');
  const m = /^bearer\s+(.+)$/i.exec(auth);
  const user = m ? state.userByApiKey(m[1].trim()) : undefined;
  const db = headers['x-odoo-database'];
  if (typeof db === 'string' && db && db !== state.db) return html(404, 'Not Found', 'The requested URL was not found on the server.');
  const base = { protocol: 'json2' as const, service: 'object', method, model, uid: user?.uid };
  if (!user) return { ...base, run: () => { throw new HttpError(401, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey'); }, ok: () => json(200, null), fail };
  const ct = String(headers['content-type'] ?? '');
  if (raw.length && !/^application\/json\b/i.test(ct)) {
    return { ...base, run: () => { throw new HttpError(400, 'werkzeug.exceptions.BadRequest', "State-changing json2 requests must use the 'application/json' Content-Type (CSRF protection)."); }, ok: () => json(200, null), fail };
  }
  let body: Record<string, unknown> = {};
  if (raw.length) {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return fail(new HttpError(400, 'werkzeug.exceptions.BadRequest', `could not parse the body as json: ${(err as Error).message}`));
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(new HttpError(400, 'werkzeug.exceptions.BadRequest', 'the body must be a JSON object'));
  }
  const { ids, ...rest } = body;
  return {
    ...base,
    run: () => callKw(state, { uid: user.uid, model, method, json2: { ids: ids ?? [], body: rest }, protocol: 'json2' }),
    ok: (result) => json(200, result === undefined ? null : result),
    fail,
  };
}
