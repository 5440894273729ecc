/**
 * Python exceptions as Odoo raises them. `pyName` is the fully qualified class name that
 * JSON-RPC/JSON-2 put in `name`; the XML-RPC fault code and JSON-2 status follow Odoo's
 * rpc.py / exceptions.py mapping (see the reference §1.2, §1.5).
 */
export class PyException extends Error {
  constructor(readonly pyName: string, message: string, readonly httpStatus = 500) {
    super(message);
  }
  /** The fault code on /xmlrpc/2. */
  get faultCode(): number {
    return 1;
  }
  /** A plausible Python traceback ending in `module.Class: message`. */
  traceback(where = 'odoo/service/model.py'): string {
    return [
      'Traceback (most recent call last):',
      `  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1763, in _serve_db`,
      '    return service_model.retrying(self._serve_ir_http, self.env)',
      `  File "/usr/lib/python3/dist-packages/${where}", line 133, in retrying`,
      '    result = func()',
      `${this.pyName}: ${this.message}`,
      '',
    ].join('\n');
  }
}

export class UserError extends PyException {
  constructor(message: string, pyName = 'odoo.exceptions.UserError') {
    super(pyName, message, 422);
  }
  override get faultCode(): number {
    return 2;
  }
}
export class ValidationError extends UserError {
  constructor(message: string) {
    super(message, 'odoo.exceptions.ValidationError');
  }
}
export class MissingError extends UserError {
  constructor(message = 'Record does not exist or has been deleted.') {
    super(message, 'odoo.exceptions.MissingError');
    Object.defineProperty(this, 'httpStatus', { value: 404 });
  }
}
export class AccessError extends UserError {
  constructor(message: string) {
    super(message, 'odoo.exceptions.AccessError');
    Object.defineProperty(this, 'httpStatus', { value: 403 });
  }
  override get faultCode(): number {
    return 4;
  }
}
export class AccessDenied extends UserError {
  constructor(message = 'Access Denied') {
    super(message, 'odoo.exceptions.AccessDenied');
    Object.defineProperty(this, 'httpStatus', { value: 403 });
  }
  override get faultCode(): number {
    return 3;
  }
}
/** Server-side programming errors (wrong arguments, unknown field…): fault 1 / HTTP 500. */
export class PyTypeError extends PyException {
  constructor(message: string) {
    super('builtins.TypeError', message, 500);
  }
}
export class PyValueError extends PyException {
  constructor(message: string) {
    super('builtins.ValueError', message, 500);
  }
}
export class PyKeyError extends PyException {
  constructor(message: string) {
    super('builtins.KeyError', message, 500);
  }
}
export class SerializationFailure extends PyException {
  constructor() {
    super('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update', 500);
  }
}
export class SessionExpired extends PyException {
  constructor() {
    super('odoo.http.SessionExpiredException', 'Session expired', 403);
  }
}
/** werkzeug NotFound / UnprocessableEntity raised by the JSON-2 controller. */
export class HttpError extends PyException {
  constructor(readonly status: 400 | 401 | 404 | 405 | 422, pyName: string, message: string) {
    super(pyName, message, status);
  }
}
