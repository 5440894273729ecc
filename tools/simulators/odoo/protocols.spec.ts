import { request } from 'undici';
import { encodeMethodCall, decodeXmlRpc } from '../../../src/odoo/transports/xmlrpc-codec';
import { SIM_USERS, startOdooSimulator, type OdooSimulator } from './index';

const post = async (url: string, body: string, headers: Record<string, string>) => {
  const res = await request(url, { method: 'POST', body, headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
};

/** Envelopes and faults of each protocol, as Odoo sends them (reference §1). */
describe('simulator protocol envelopes', () => {
  let s17: OdooSimulator;
  let s19: OdooSimulator;
  beforeAll(async () => { [s17, s19] = await Promise.all([startOdooSimulator({ version: 17 }), startOdooSimulator({ version: 19 })]); });
  afterAll(async () => { await Promise.all([s17.close(), s19.close()]); });

  const rpc = (sim: OdooSimulator, service: string, method: string, args: unknown[]) =>
    post(`${sim.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 42 }), { 'content-type': 'application/json' });
  const json2 = (sim: OdooSimulator, model: string, method: string, body: unknown, key: string = SIM_USERS.hub.apiKey) =>
    post(`${sim.url}/json/2/${model}/${method}`, JSON.stringify(body), { 'content-type': 'application/json', authorization: `bearer ${key}` });

  it('JSON-RPC: result on success, HTTP 200 error objects named by exception class, None omitted on 17', async () => {
    const uid = JSON.parse((await rpc(s17, 'common', 'authenticate', [s17.db, SIM_USERS.hub.login, SIM_USERS.hub.apiKey, {}])).text).result;
    const ok = JSON.parse((await rpc(s17, 'object', 'execute_kw', [s17.db, uid, SIM_USERS.hub.apiKey, 'res.partner', 'search_count', [[['ref', '=', 'CC-10001']]]])).text);
    expect(ok).toEqual({ jsonrpc: '2.0', id: 42, result: 1 });
    const none = JSON.parse((await rpc(s17, 'object', 'execute_kw', [s17.db, uid, SIM_USERS.hub.apiKey, 'sale.order', 'action_lock', [[s17.ref('so_router_karim')]]])).text);
    expect(none).toEqual({ jsonrpc: '2.0', id: 42 });
    const err = await rpc(s17, 'object', 'execute_kw', [s17.db, uid, SIM_USERS.hub.apiKey, 'account.move', 'unlink', [[s17.ref('inv_nour_1')]]]);
    expect(err.status).toBe(200);
    expect(JSON.parse(err.text)).toMatchObject({ jsonrpc: '2.0', id: 42, error: { code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.UserError', message: 'You cannot delete an entry which has been posted once.', arguments: expect.any(Array), context: {}, debug: expect.stringContaining('Traceback') } } });
    const denied = JSON.parse((await rpc(s17, 'object', 'execute_kw', [s17.db, uid, 'wrong', 'res.partner', 'search_count', [[]]])).text);
    expect(denied.error.data.name).toBe('odoo.exceptions.AccessDenied');
    const unknownModel = JSON.parse((await rpc(s17, 'object', 'execute_kw', [s17.db, uid, SIM_USERS.hub.apiKey, 'no.model', 'search', [[]]])).text);
    expect(unknownModel.error.data.name).toBe('builtins.KeyError');
  });

  it('JSON-2 exists only on 19, with /web/version; 17 answers 404 pages', async () => {
    expect((await request(`${s19.url}/web/version`)).statusCode).toBe(200);
    expect(JSON.parse(await (await request(`${s19.url}/web/version`)).body.text())).toEqual({ version_info: [19, 0, 0, 'final', 0, 'e'], version: '19.0+e' });
    const r17 = await request(`${s17.url}/web/version`);
    expect(r17.statusCode).toBe(404);
    await r17.body.dump();
    expect((await json2(s17, 'res.partner', 'search', { domain: [] })).status).toBe(404);
  });

  it('JSON-2: bare JSON results, recordsets as ids, and errors as HTTP statuses with a serialized exception', async () => {
    const ok = await json2(s19, 'res.partner', 'search_read', { domain: [['ref', '=', 'CC-10001']], fields: ['name'] });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual([{ id: s19.ref('partner_nour'), name: 'Nour El-Sayed' }]);
    expect(JSON.parse((await json2(s19, 'res.partner', 'create', { vals_list: [{ name: 'J2' }] })).text)).toEqual([expect.any(Number)]);
    const unauthorized = await json2(s19, 'res.partner', 'search', { domain: [] }, 'f'.repeat(40));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['www-authenticate']).toBe('bearer');
    expect((await json2(s19, 'no.model', 'search', { domain: [] })).status).toBe(404);
    const missingArg = await json2(s19, 'res.partner', 'search', {});
    expect(missingArg.status).toBe(422);
    expect(JSON.parse(missingArg.text)).toMatchObject({ name: 'werkzeug.exceptions.UnprocessableEntity', message: "missing a required argument: 'domain'" });
    expect((await json2(s19, 'res.partner', 'search', { ids: [1], domain: [] })).status).toBe(422);
    expect((await json2(s19, 'res.partner', 'search', { domain: [], bogus: 1 })).status).toBe(422);
    const user = await json2(s19, 'account.move', 'unlink', { ids: [s19.ref('inv_nour_1')] });
    expect(user.status).toBe(422);
    expect(JSON.parse(user.text)).toMatchObject({ name: 'odoo.exceptions.UserError', debug: expect.stringContaining('Traceback') });
    expect((await json2(s19, 'res.partner', 'read', { ids: [999999], fields: ['name'] })).status).toBe(404);
    expect((await json2(s19, 'res.partner', 'create', { vals_list: [{ name: 'x' }] }, SIM_USERS.readonly.apiKey)).status).toBe(403);
    const badJson = await post(`${s19.url}/json/2/res.partner/search`, '{nope', { 'content-type': 'application/json', authorization: `bearer ${SIM_USERS.hub.apiKey}` });
    expect(badJson.status).toBe(400);
    expect((await post(`${s19.url}/json/2/res.partner/search`, '{}', { 'content-type': 'text/plain', authorization: `bearer ${SIM_USERS.hub.apiKey}` })).status).toBe(400);
  });

  it('XML-RPC: /xmlrpc/2 numeric fault codes, legacy /xmlrpc string codes, an HTML 404 for unknown paths', async () => {
    const call = (path: string, args: unknown[]) => post(`${s17.url}${path}`, encodeMethodCall('execute_kw', args), { 'content-type': 'text/xml' });
    const uid = 3;
    const r = decodeXmlRpc((await call('/xmlrpc/2/object', [s17.db, uid, 'wrong', 'res.partner', 'search', [[]]])).text);
    expect(r.fault).toEqual({ faultCode: 3, faultString: 'Access Denied' });
    const legacy = decodeXmlRpc((await call('/xmlrpc/object', [s17.db, uid, 'wrong', 'res.partner', 'search', [[]]])).text);
    expect(legacy.fault?.faultCode).toBe('AccessDenied');
    const nope = await post(`${s17.url}/xmlrpc/2/nothing`, '<x/>', { 'content-type': 'text/xml' });
    expect(nope.status).toBe(404);
    expect(nope.headers['content-type']).toMatch(/text\/html/);
  });

  it('counts calls by model and method, over HTTP too', async () => {
    s17.calls.reset();
    await rpc(s17, 'common', 'version', []);
    await rpc(s17, 'object', 'execute_kw', [s17.db, 3, SIM_USERS.hub.apiKey, 'res.partner', 'search_count', [[]]]);
    const over = JSON.parse(await (await request(`${s17.url}/__sim/calls`)).body.text());
    expect(over.counts).toEqual({ 'common.version': 1, 'res.partner.search_count': 1 });
    expect(s17.calls.count({ model: 'res.partner', method: 'search_count' })).toBe(1);
    const faults = await request(`${s17.url}/__sim/faults`, { method: 'PUT', body: JSON.stringify({ failNext: 1, mode: 'http_503' }) });
    await faults.body.dump();
    expect((await rpc(s17, 'common', 'version', [])).status).toBe(503);
    expect((await rpc(s17, 'common', 'version', [])).status).toBe(200);
  });
});
