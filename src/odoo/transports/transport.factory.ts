import { OdooError, OdooUnavailable } from '../odoo.errors';
import type { OdooProtocol, OdooProtocolSetting, OdooServerVersion } from '../odoo.types';
import { Json2Transport } from './json2.transport';
import { JsonRpcTransport } from './jsonrpc.transport';
import { parseServerVersion, type OdooCallControl, type OdooTransport, type TransportDeps } from './transport';
import { XmlRpcTransport } from './xmlrpc.transport';

export function createTransport(protocol: OdooProtocol, deps: TransportDeps): OdooTransport {
  switch (protocol) {
    case 'xmlrpc': return new XmlRpcTransport(deps);
    case 'jsonrpc': return new JsonRpcTransport(deps);
    case 'json2': return new Json2Transport(deps);
  }
}

export interface ResolvedTransport {
  transport: OdooTransport;
  version: OdooServerVersion;
  /** Why auto-detection chose this protocol (for the log). */
  reason: string;
}

/**
 * Picks the transport. `auto`: `GET /web/version` answers on Odoo 19+ (the rpc module), where
 * XML-RPC and JSON-RPC are deprecated → JSON-2 when an API key is configured. Older servers
 * answer `common.version` over JSON-RPC; XML-RPC is the last resort (JSON-RPC disabled by a proxy).
 */
export async function resolveTransport(setting: OdooProtocolSetting, deps: TransportDeps, ctl: OdooCallControl): Promise<ResolvedTransport> {
  if (setting !== 'auto') {
    const transport = createTransport(setting, deps);
    return { transport, version: await transport.version(ctl), reason: `ODOO_PROTOCOL=${setting}` };
  }
  const failures: Error[] = [];
  try {
    const res = await deps.http.get('/web/version', ctl.signal, ctl.timeoutMs);
    if (res.status === 200 && res.contentType.includes('json')) {
      const version = parseServerVersion(JSON.parse(res.body));
      if (version.major >= 19) {
        if (deps.settings.apiKey) return { transport: new Json2Transport(deps), version, reason: `Odoo ${version.serverVersion}: JSON-2` };
        return { transport: new JsonRpcTransport(deps), version, reason: `Odoo ${version.serverVersion} without an API key: deprecated JSON-RPC (set ODOO_API_KEY to use JSON-2)` };
      }
    }
  } catch (err) {
    if (err instanceof OdooUnavailable && !err.maybeProcessed) throw err; // unreachable: do not try the others
    failures.push(err as Error);
  }
  for (const transport of [new JsonRpcTransport(deps), new XmlRpcTransport(deps)]) {
    try {
      const version = await transport.version(ctl);
      return { transport, version, reason: `Odoo ${version.serverVersion}: ${transport.protocol}` };
    } catch (err) {
      failures.push(err as Error);
      if (err instanceof OdooUnavailable) break;
    }
  }
  const last = failures[failures.length - 1];
  if (last instanceof OdooError) throw last;
  throw new OdooUnavailable(`Could not detect the Odoo protocol: ${last?.message ?? 'no answer'}`, { cause: last, maybeProcessed: false });
}
