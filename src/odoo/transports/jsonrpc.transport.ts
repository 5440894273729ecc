import { OdooAccessDenied } from '../odoo.errors';
import type { OdooServerVersion } from '../odoo.types';
import { errorFromJsonRpc, protocolError } from './fault-mapping';
import { httpStatusError } from './http';
import { parseServerVersion, secretOf, type OdooCallControl, type OdooRpcCall, type OdooTransport, type TransportDeps } from './transport';

const HEADERS = { 'content-type': 'application/json' };

/** `POST /jsonrpc` with services common/object. Stateless; errors come as HTTP 200 with an error object. */
export class JsonRpcTransport implements OdooTransport {
  readonly protocol = 'jsonrpc' as const;
  readonly usesUid = true;
  private seq = 0;

  constructor(private readonly deps: TransportDeps) {}

  private async rpc(service: 'common' | 'object', method: string, args: unknown[], ctl: OdooCallControl): Promise<unknown> {
    const id = ++this.seq;
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id });
    const res = await this.deps.http.post('/jsonrpc', body, HEADERS, ctl.signal, ctl.timeoutMs);
    if (res.status !== 200) throw httpStatusError(res, `JSON-RPC ${service}.${method}`);
    let parsed: { result?: unknown; error?: Parameters<typeof errorFromJsonRpc>[0] };
    try {
      parsed = JSON.parse(res.body);
    } catch {
      throw protocolError(`JSON-RPC ${service}.${method}`, res.body);
    }
    if (!parsed || typeof parsed !== 'object') throw protocolError(`JSON-RPC ${service}.${method}`, res.body);
    if (parsed.error) throw errorFromJsonRpc(parsed.error);
    // Odoo 17/18 omit `result` when the method returned None.
    return parsed.result ?? null;
  }

  async version(ctl: OdooCallControl): Promise<OdooServerVersion> {
    return parseServerVersion(((await this.rpc('common', 'version', [], ctl)) ?? {}) as Record<string, unknown>);
  }

  async authenticate(ctl: OdooCallControl): Promise<number> {
    const { db, username } = this.deps.settings;
    const uid = await this.rpc('common', 'authenticate', [db, username, secretOf(this.deps.settings), {}], ctl);
    if (typeof uid !== 'number' || uid <= 0) throw new OdooAccessDenied();
    return uid;
  }

  execute(call: OdooRpcCall, ctl: OdooCallControl): Promise<unknown> {
    const { db } = this.deps.settings;
    return this.rpc('object', 'execute_kw', [db, ctl.uid, secretOf(this.deps.settings), call.model, call.method, call.args, call.kwargs], ctl);
  }
}
