import { decodeXmlRpc, encodeFault, encodeMethodResponse, XmlRpcMarshalError } from '../../../../src/odoo/transports/xmlrpc-codec';
import { PyException } from '../engine/exceptions';
import type { SimState } from '../engine/state';
import { describe, dispatchService } from './services';
import { html, type HttpResult, type ParsedCall } from './types';

const XML = { 'content-type': 'text/xml; charset=utf-8' };

function traceback(name: string, message: string): string {
  return `Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/odoo/addons/base/controllers/rpc.py", line 159, in xmlrpc_2\n    response = self._xmlrpc(service)\n${name}: ${message}\n`;
}

/** Odoo's rpc.py fault mapping: numeric codes on /xmlrpc/2, string codes on legacy /xmlrpc. */
function fault(err: unknown, legacy: boolean): HttpResult {
  const py = err instanceof PyException ? err : new PyException('builtins.Exception', String((err as Error)?.message ?? err));
  const short = py.pyName.split('.').pop()!;
  let body: string;
  if (!legacy) {
    body = py.faultCode === 1 ? encodeFault(1, py.traceback('odoo/addons/base/controllers/rpc.py')) : encodeFault(py.faultCode, py.message);
  } else if (short === 'AccessDenied') {
    body = encodeFault('AccessDenied', py.message);
  } else if (py.faultCode === 2 || py.faultCode === 4) {
    const kind = short === 'ValidationError' ? 'UserError' : short;
    body = encodeFault(`warning -- ${kind}\n\n${py.message}`, '');
  } else {
    body = encodeFault(py.message, py.traceback());
  }
  return { status: 200, headers: XML, body };
}

export function parseXmlRpc(state: SimState, service: string, legacy: boolean, raw: string): ParsedCall | HttpResult {
  let decoded;
  try {
    decoded = decodeXmlRpc(raw);
  } catch (err) {
    // xmlrpc.client.loads raising → an application fault with the expat error.
    return { status: 200, headers: XML, body: encodeFault(1, traceback('xml.parsers.expat.ExpatError', (err as Error).message)) };
  }
  if (decoded.kind !== 'call' || !decoded.methodName) return html(400, 'Bad Request', 'Not an XML-RPC methodCall');
  const method = decoded.methodName;
  const params = decoded.params.map(fromWire);
  const { model, odooMethod, uid } = describe(service, method, params);
  return {
    protocol: 'xmlrpc',
    service,
    method: odooMethod,
    model,
    uid,
    run: () => dispatchService(state, 'xmlrpc', service, method, params),
    ok: (result) => {
      try {
        return { status: 200, headers: XML, body: encodeMethodResponse(result, { pythonServer: true }) };
      } catch (err) {
        if (err instanceof XmlRpcMarshalError) {
          // Odoo's marshaller runs after the commit: the change stays, the client gets fault 1.
          return { status: 200, headers: XML, body: encodeFault(1, traceback(err.pythonType, err.message)) };
        }
        throw err;
      }
    },
    fail: (err) => fault(err, legacy),
  };
}

/** Values as Python's loads(use_datetime=True) hands them to the ORM (Binary → base64 text for fields). */
function fromWire(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]));
  return v;
}
