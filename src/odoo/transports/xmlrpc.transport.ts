import { OdooAccessDenied, OdooProtocolError } from '../odoo.errors';
import type { OdooServerVersion } from '../odoo.types';
import { CANNOT_MARSHAL_NONE, errorFromXmlRpcFault, protocolError } from './fault-mapping';
import { httpStatusError } from './http';
import { parseServerVersion, secretOf, type OdooCallControl, type OdooRpcCall, type OdooTransport, type TransportDeps } from './transport';
import { decodeXmlRpc, encodeMethodCall, XmlRpcParseError } from './xmlrpc-codec';

const HEADERS = { 'content-type': 'text/xml; charset=utf-8' };

/**
 * A result of None that Odoo committed and then failed to marshal (fault 1, "cannot marshal
 * None"). OdooClient turns it into `null` for the methods known to return nothing.
 */
export class XmlRpcNoneResult extends OdooProtocolError {
  constructor(readonly faultString: string) {
    super('Odoo returned None, which XML-RPC cannot carry; the call may have committed. Use ODOO_PROTOCOL=jsonrpc or json2 for this method', { debug: faultString });
  }
}

/** `/xmlrpc/2/common` (version, authenticate) and `/xmlrpc/2/object` (execute_kw). Stateless. */
export class XmlRpcTransport implements OdooTransport {
  readonly protocol = 'xmlrpc' as const;
  readonly usesUid = true;

  constructor(private readonly deps: TransportDeps) {}

  private async rpc(service: 'common' | 'object', method: string, params: unknown[], ctl: OdooCallControl): Promise<unknown> {
    const body = encodeMethodCall(method, params);
    const res = await this.deps.http.post(`/xmlrpc/2/${service}`, body, HEADERS, ctl.signal, ctl.timeoutMs);
    if (res.status !== 200) throw httpStatusError(res, `XML-RPC ${service}.${method}`);
    let decoded;
    try {
      decoded = decodeXmlRpc(res.body);
    } catch (err) {
      if (err instanceof XmlRpcParseError) throw protocolError(`XML-RPC ${service}.${method}`, res.body);
      throw err;
    }
    if (decoded.kind === 'fault' && decoded.fault) {
      if (CANNOT_MARSHAL_NONE.test(decoded.fault.faultString)) throw new XmlRpcNoneResult(decoded.fault.faultString);
      throw errorFromXmlRpcFault(decoded.fault.faultCode, decoded.fault.faultString);
    }
    if (decoded.kind !== 'response' || decoded.params.length !== 1) throw protocolError(`XML-RPC ${service}.${method}`, res.body);
    return decoded.params[0];
  }

  async version(ctl: OdooCallControl): Promise<OdooServerVersion> {
    const v = (await this.rpc('common', 'version', [], ctl)) as Record<string, unknown>;
    return parseServerVersion(v ?? {});
  }

  async authenticate(ctl: OdooCallControl): Promise<number> {
    const { db, username } = this.deps.settings;
    // Bad credentials answer False, not a fault.
    const uid = await this.rpc('common', 'authenticate', [db, username, secretOf(this.deps.settings), {}], ctl);
    if (typeof uid !== 'number' || uid <= 0) throw new OdooAccessDenied();
    return uid;
  }

  execute(call: OdooRpcCall, ctl: OdooCallControl): Promise<unknown> {
    const { db } = this.deps.settings;
    return this.rpc('object', 'execute_kw', [db, ctl.uid, secretOf(this.deps.settings), call.model, call.method, call.args, call.kwargs], ctl);
  }
}
