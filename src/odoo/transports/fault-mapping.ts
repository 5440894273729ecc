import {
  OdooAccessDenied, OdooAccessError, OdooBadRequest, OdooMissingRecord, OdooProtocolError, OdooServerError,
  OdooSessionExpired, OdooUnavailable, OdooUserError, OdooValidationError, type OdooError,
} from '../odoo.errors';

/**
 * Odoo's faults → typed errors, for each protocol. The class name (`data.name` on JSON-RPC,
 * `name` on JSON-2, the traceback's last line on XML-RPC fault 1) decides, not the numeric codes.
 */

/** PostgreSQL concurrency failures Odoo gave up retrying: transient, worth a later retry. */
const CONCURRENCY = /SerializationFailure|DeadlockDetected|LockNotAvailable|ConcurrencyError|LockError|could not serialize access|deadlock detected/i;
/** A MissingError is code 2 like any UserError on XML-RPC; its standard message gives it away. */
const MISSING_MESSAGE = /does not exist or has been deleted|Record does not exist/i;

function firstLines(message: string, max = 1000): string {
  return message.trim().slice(0, max);
}

/** Maps an exception class name (e.g. `odoo.exceptions.ValidationError`) and message. */
export function errorFromName(name: string, message: string, debug?: string): OdooError {
  const short = name.split('.').pop() ?? name;
  const info = { odooName: name, debug };
  switch (short) {
    case 'AccessDenied': return new OdooAccessDenied(undefined, info);
    case 'AccessError': return new OdooAccessError(firstLines(message), info);
    case 'MissingError': return new OdooMissingRecord(firstLines(message), info);
    case 'ValidationError': return new OdooValidationError(firstLines(message), info);
    case 'UserError': case 'RedirectWarning': case 'Warning': case 'except_orm': return new OdooUserError(firstLines(message), info);
    case 'SessionExpiredException': return new OdooSessionExpired(firstLines(message), info);
    case 'NotFound': return new OdooBadRequest(firstLines(message) || 'not found', info);
    case 'UnprocessableEntity': case 'BadRequest': return new OdooBadRequest(firstLines(message), info);
    default:
      if (CONCURRENCY.test(name) || CONCURRENCY.test(message)) {
        return new OdooUnavailable('Odoo could not complete the call because of concurrent updates; retry later', { ...info, retryAfterSeconds: 5, maybeProcessed: false });
      }
      return new OdooServerError(`${name}: ${firstLines(message, 300)}`, info);
  }
}

/** The `module.Class: message` line that ends a Python traceback. */
export function lastExceptionLine(traceback: string): { name: string; message: string } | undefined {
  const lines = traceback.trim().split('\n');
  // The exception line is the last line that starts at column 0 and is not part of the stack.
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Denied|Failure|Detected|Available|Expired|Exit|Interrupt|Fault)?): ?(.*)$/.exec(lines[i]);
    if (m && !lines[i].startsWith(' ')) return { name: m[1], message: [m[2], ...lines.slice(i + 1)].join('\n').trim() };
  }
  return undefined;
}

export const CANNOT_MARSHAL_NONE = /cannot marshal None unless allow_none is enabled/;
export const INT_EXCEEDS_XMLRPC = /int exceeds XML-RPC limits/;

/** `/xmlrpc/2` fault → typed error (codes: 1 application error, 2 warning/user, 3 access denied, 4 access error). */
export function errorFromXmlRpcFault(faultCode: number | string, faultString: string): OdooError {
  const code = Number(faultCode);
  if (code === 3) return new OdooAccessDenied(undefined, { odooName: 'odoo.exceptions.AccessDenied' });
  if (code === 4) return new OdooAccessError(firstLines(faultString), { odooName: 'odoo.exceptions.AccessError' });
  if (code === 2) {
    if (MISSING_MESSAGE.test(faultString)) return new OdooMissingRecord(firstLines(faultString), { odooName: 'odoo.exceptions.MissingError' });
    return new OdooUserError(firstLines(faultString), { odooName: 'odoo.exceptions.UserError' });
  }
  if (INT_EXCEEDS_XMLRPC.test(faultString)) {
    return new OdooProtocolError('Odoo\'s answer holds an integer beyond 32 bits, which XML-RPC cannot carry; use ODOO_PROTOCOL=jsonrpc or json2', { debug: faultString });
  }
  const last = lastExceptionLine(faultString);
  if (last) return errorFromName(last.name, last.message, faultString);
  return new OdooServerError(firstLines(faultString, 300), { debug: faultString });
}

/** `/jsonrpc` error object → typed error. */
export function errorFromJsonRpc(error: { code?: unknown; message?: unknown; data?: { name?: unknown; message?: unknown; debug?: unknown } }): OdooError {
  const data = error.data ?? {};
  const name = typeof data.name === 'string' ? data.name : '';
  const message = typeof data.message === 'string' ? data.message : String(error.message ?? 'Odoo Server Error');
  const debug = typeof data.debug === 'string' ? data.debug : undefined;
  if (Number(error.code) === 100 && !name) return new OdooSessionExpired();
  if (Number(error.code) === 404 && !name) return new OdooProtocolError('Odoo answered 404 Not Found: check ODOO_URL and ODOO_PROTOCOL');
  if (!name) return new OdooServerError(message, { debug });
  return errorFromName(name, message, debug);
}

/** JSON-2 error status + body → typed error. */
export function errorFromJson2(status: number, body: unknown): OdooError {
  const obj = (body && typeof body === 'object' ? body : {}) as { name?: unknown; message?: unknown; debug?: unknown };
  // An early draft of JSON-2 answered a bare JSON string: parse defensively.
  const message = typeof body === 'string' ? body : typeof obj.message === 'string' ? obj.message : `HTTP ${status}`;
  const name = typeof obj.name === 'string' ? obj.name : '';
  const debug = typeof obj.debug === 'string' ? obj.debug : undefined;
  if (status === 401) return new OdooAccessDenied(undefined, { odooName: name || 'Unauthorized', debug });
  if (name) {
    const mapped = errorFromName(name, message, debug);
    // werkzeug's NotFound on an unknown model/method is a request problem, not a missing record.
    return mapped;
  }
  if (status === 403) return new OdooAccessError(message, { debug });
  if (status === 404) return new OdooBadRequest(message, { debug });
  if (status === 409) return new OdooUnavailable('Odoo could not complete the call because of concurrent updates; retry later', { retryAfterSeconds: 5, maybeProcessed: false });
  if (status === 400 || status === 422) return new OdooBadRequest(message, { debug });
  if (status === 502 || status === 503 || status === 504) return new OdooUnavailable(`Odoo answered HTTP ${status}`, { maybeProcessed: status !== 503 });
  return new OdooServerError(message, { debug });
}

export function protocolError(what: string, sample: string): OdooProtocolError {
  const looksHtml = /^\s*<(!doctype html|html)/i.test(sample);
  return new OdooProtocolError(
    looksHtml ? `Odoo answered an HTML page to ${what} (a proxy error page, a redirect or a wrong URL?)` : `Odoo's answer to ${what} could not be understood`,
    { debug: sample.slice(0, 2000) },
  );
}
