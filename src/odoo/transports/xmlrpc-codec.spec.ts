import { execFileSync } from 'node:child_process';
import { decodeXmlRpc, encodeFault, encodeMethodCall, encodeMethodResponse, XmlRpcDouble, XmlRpcMarshalError, XmlRpcParseError } from './xmlrpc-codec';

/** Runs Python's xmlrpc.client (the library Odoo's server uses) on stdin. */
function python(script: string, input = ''): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' });
}

describe('XML-RPC codec', () => {
  it('round-trips Odoo-shaped values', () => {
    const value = { id: 7, name: 'Nour & <Co>', list_price: 12.5, active: false, tags: [1, 2], partner_id: [3, 'Acme'], nested: { a: [] } };
    const decoded = decodeXmlRpc(encodeMethodResponse(value));
    expect(decoded.kind).toBe('response');
    expect(decoded.params[0]).toEqual(value);
  });

  it('encodes dates and binaries as strings, big integers as i8, null as nil (client side)', () => {
    const xml = encodeMethodCall('execute_kw', [new Date(Date.UTC(2025, 0, 31, 10, 5, 9)), Buffer.from('hi'), 2 ** 40, null]);
    expect(xml).toContain('<string>2025-01-31 10:05:09</string>');
    expect(xml).toContain('<string>aGk=</string>');
    expect(xml).toContain('<i8>1099511627776</i8>');
    expect(xml).toContain('<nil/>');
  });

  it('faults like Odoo\'s marshaller on None and integers beyond 32 bits (server side)', () => {
    expect(() => encodeMethodResponse(null)).toThrow(XmlRpcMarshalError);
    expect(() => encodeMethodResponse({ big: 2 ** 31 })).toThrow('int exceeds XML-RPC limits');
    expect(encodeMethodResponse(new XmlRpcDouble(3))).toContain('<double>3.0</double>');
  });

  it('refuses any DOCTYPE, so entity expansion (billion laughs) cannot happen', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><methodResponse><params><param><value><string>&lol2;</string></value></param></params></methodResponse>';
    expect(() => decodeXmlRpc(bomb)).toThrow(XmlRpcParseError);
    expect(() => decodeXmlRpc('<methodResponse><params><param><value>&undefined;</value></param></params></methodResponse>')).toThrow(XmlRpcParseError);
  });

  it('rejects HTML and truncated documents with a parse error', () => {
    expect(() => decodeXmlRpc('<html><title>502 Bad Gateway</title></html>')).toThrow(XmlRpcParseError);
    expect(() => decodeXmlRpc('<methodResponse><params><param><value><int>1')).toThrow(XmlRpcParseError);
  });

  it('decodes what Python\'s xmlrpc.client.dumps produces', () => {
    const xml = python(`import xmlrpc.client, sys, datetime
print(xmlrpc.client.dumps(({'id': 5, 'f': 1.5, 'b': True, 's': 'é & <x>', 'l': [1, 'two', False], 'd': datetime.datetime(2025, 3, 1, 12, 0, 0), 'bin': xmlrpc.client.Binary(b'abc')},), methodresponse=True, allow_none=True))`);
    const [v] = decodeXmlRpc(xml).params as Array<Record<string, unknown>>;
    expect(v).toEqual({ id: 5, f: 1.5, b: true, s: 'é & <x>', l: [1, 'two', false], d: '2025-03-01 12:00:00', bin: Buffer.from('abc') });
    const fault = decodeXmlRpc(python('import xmlrpc.client; print(xmlrpc.client.dumps(xmlrpc.client.Fault(2, "Nope"), methodresponse=True))'));
    expect(fault).toMatchObject({ kind: 'fault', fault: { faultCode: 2, faultString: 'Nope' } });
  });

  it('produces calls Python\'s xmlrpc.client.loads reads back exactly', () => {
    // Odoo cannot send integers beyond 32 bits, but Python reads <i8> and <nil/> on input.
    const xml = encodeMethodCall('execute_kw', ['odoo', 2, 'secret', 'res.partner', 'search_read', [[['name', 'ilike', 'a&b'], ['x', '=', 2 ** 40]]], { fields: ['name'], limit: 5, context: { lang: 'ar_001', tz: null } }]);
    const out = python('import xmlrpc.client, sys, json; p, m = xmlrpc.client.loads(sys.stdin.read()); print(json.dumps([m, p]))', xml);
    expect(JSON.parse(out)).toEqual(['execute_kw', ['odoo', 2, 'secret', 'res.partner', 'search_read', [[['name', 'ilike', 'a&b'], ['x', '=', 2 ** 40]]], { fields: ['name'], limit: 5, context: { lang: 'ar_001', tz: null } }]]);
    const fault = python('import xmlrpc.client, sys\ntry:\n  xmlrpc.client.loads(sys.stdin.read())\nexcept xmlrpc.client.Fault as f:\n  print(f.faultCode, f.faultString)', encodeFault(4, 'Access <denied>'));
    expect(fault.trim()).toBe('4 Access <denied>');
  });
});
