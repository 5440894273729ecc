import { callKw, type Protocol } from '../engine/dispatch';
import { AccessDenied, PyException, PyTypeError } from '../engine/exceptions';
import type { SimState } from '../engine/state';

/** `common.version()` as Odoo answers it. */
export function versionInfo(state: SimState): Record<string, unknown> {
  const edition = state.modules.has('helpdesk') || state.modules.has('sale_subscription') ? 'e' : '';
  const serie = `${state.version}.0`;
  return {
    server_version: edition ? `${serie}+e` : serie,
    server_version_info: [state.version, 0, 0, 'final', 0, edition],
    server_serie: serie,
    protocol_version: 1,
  };
}

class DbNotFound extends PyException {
  constructor(db: unknown) {
    super('psycopg2.OperationalError', `connection to server failed: FATAL:  database "${String(db)}" does not exist`, 500);
  }
}

/** The `common`, `object` and `db` services shared by XML-RPC and JSON-RPC. */
export function describe(service: string, method: string, args: unknown[]): { model?: string; odooMethod: string; uid?: number } {
  if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
    return { model: typeof args[3] === 'string' ? args[3] : undefined, odooMethod: typeof args[4] === 'string' ? args[4] : method, uid: typeof args[1] === 'number' ? args[1] : undefined };
  }
  return { odooMethod: method };
}

export function dispatchService(state: SimState, protocol: Protocol, service: string, method: string, args: unknown[]): unknown {
  switch (service) {
    case 'common':
      switch (method) {
        case 'version': return versionInfo(state);
        case 'login': case 'authenticate': {
          const [db, login, password] = args;
          if (db !== state.db) throw new DbNotFound(db);
          // Bad credentials answer False, not a fault.
          return state.authenticate(String(login), String(password)) ?? false;
        }
        case 'about': return 'See http://openerp.com';
        default: throw new PyTypeError(`Method not available ${method}`);
      }
    case 'db':
      switch (method) {
        case 'list': return [state.db];
        case 'db_exist': return args[0] === state.db;
        case 'server_version': return versionInfo(state).server_version;
        default: throw new AccessDenied();
      }
    case 'object': {
      if (method !== 'execute_kw' && method !== 'execute') throw new PyTypeError(`Method not available ${method}`);
      const [db, uid, password, model, odooMethod, ...rest] = args;
      if (db !== state.db) throw new DbNotFound(db);
      if (!state.checkCredentials(uid, password)) throw new AccessDenied();
      const callArgs = method === 'execute_kw' ? ((rest[0] as unknown[]) ?? []) : rest;
      const kwargs = method === 'execute_kw' ? ((rest[1] as Record<string, unknown>) ?? {}) : {};
      if (!Array.isArray(callArgs)) throw new PyTypeError('execute_kw() argument args must be a list');
      return callKw(state, { uid: uid as number, model: String(model), method: String(odooMethod), args: callArgs, kwargs, protocol });
    }
    default:
      throw new PyException('werkzeug.exceptions.NotFound', `No such service: ${service}`, 404);
  }
}
