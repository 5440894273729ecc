import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SIM_USERS, startOdooSimulator, type OdooSimulator } from './index';

const run = promisify(execFile);

/**
 * The simulator's XML-RPC checked by an independent implementation: Python's standard
 * xmlrpc.client, the library Odoo's own server is built on and that most Odoo scripts use.
 */
const SCRIPT = String.raw`
import json, sys, xmlrpc.client as x
url, db, login, key, order_id, big_id = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
out = {}
common = x.ServerProxy(url + '/xmlrpc/2/common')
out['version'] = common.version()
uid = common.authenticate(db, login, key, {})
out['uid'] = uid
out['bad_login'] = common.authenticate(db, login, 'wrong', {})
models = x.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)
rows = models.execute_kw(db, uid, key, 'res.partner', 'search_read', [[['ref', '=', 'CC-10001']]], {'fields': ['name', 'email', 'country_id', 'parent_id', 'customer_rank']})
out['partner'] = rows[0]
out['types'] = {k: type(v).__name__ for k, v in rows[0].items()}
pid = models.execute_kw(db, uid, key, 'res.partner', 'create', [{'name': 'From Python', 'email': 'py@example.com'}])
out['created'] = pid
out['write'] = models.execute_kw(db, uid, key, 'res.partner', 'write', [[pid], {'phone': '+20 1'}])
out['read_back'] = models.execute_kw(db, uid, key, 'res.partner', 'read', [[pid]], {'fields': ['phone']})
out['count'] = models.execute_kw(db, uid, key, 'res.partner', 'search_count', [[['email', '=ilike', 'PY@example.com']]])
prod = models.execute_kw(db, uid, key, 'product.product', 'search_read', [[['default_code', '=', 'FIB-100']]], {'fields': ['list_price']})
out['price_type'] = type(prod[0]['list_price']).__name__
def fault(f):
    try:
        f()
        return None
    except x.Fault as e:
        return [e.faultCode, (e.faultString.strip().splitlines() or [''])[-1]]
out['fault_access_denied'] = fault(lambda: models.execute_kw(db, uid, 'wrong', 'res.partner', 'search_count', [[]]))
out['fault_user_error'] = fault(lambda: models.execute_kw(db, uid, key, 'account.move', 'unlink', [[1]]))
out['fault_missing'] = fault(lambda: models.execute_kw(db, uid, key, 'res.partner', 'read', [[999999]], {'fields': ['name']}))
out['fault_none'] = fault(lambda: models.execute_kw(db, uid, key, 'sale.order', 'action_lock', [[order_id]]))
out['locked_after_fault'] = models.execute_kw(db, uid, key, 'sale.order', 'read', [[order_id]], {'fields': ['locked']})[0]['locked']
# Python cannot even send such an integer; the record was given one server side.
out['fault_overflow'] = fault(lambda: models.execute_kw(db, uid, key, 'res.partner', 'read', [[big_id]], {'fields': ['customer_rank']}))
legacy = x.ServerProxy(url + '/xmlrpc/object')
out['legacy_user_error'] = fault(lambda: legacy.execute_kw(db, uid, key, 'account.move', 'unlink', [[1]]))
out['legacy_access_denied'] = fault(lambda: legacy.execute_kw(db, uid, 'wrong', 'res.partner', 'search_count', [[]]))
print(json.dumps(out))
`;

describe('simulator XML-RPC driven by Python xmlrpc.client', () => {
  let sim: OdooSimulator;
  beforeAll(async () => { sim = await startOdooSimulator({ version: 17 }); });
  afterAll(async () => { await sim.close(); });

  it('speaks the protocol Python expects: values, types, faults and their codes', async () => {
    const order = sim.ref('so_router_karim');
    const [big] = sim.env().m('res.partner').create([{ name: 'Big rank', customer_rank: 3_000_000_000 }]);
    const { stdout } = await run('python3', ['-c', SCRIPT, sim.url, sim.db, SIM_USERS.hub.login, SIM_USERS.hub.apiKey, String(order), String(big)]);
    const out = JSON.parse(stdout);
    expect(out.version).toMatchObject({ server_version: '17.0+e', server_version_info: [17, 0, 0, 'final', 0, 'e'], protocol_version: 1 });
    expect(out.uid).toBeGreaterThan(1);
    expect(out.bad_login).toBe(false);
    expect(out.partner).toEqual({ id: sim.ref('partner_nour'), name: 'Nour El-Sayed', email: 'nour.elsayed@example.com', country_id: [sim.ref('base.eg'), 'Egypt'], parent_id: false, customer_rank: expect.any(Number) });
    expect(out.types).toMatchObject({ id: 'int', name: 'str', country_id: 'list', parent_id: 'bool', customer_rank: 'int' });
    expect(out.price_type).toBe('float');
    expect(out.created).toBeGreaterThan(0);
    expect(out.write).toBe(true);
    expect(out.read_back).toEqual([{ id: out.created, phone: '+20 1' }]);
    expect(out.count).toBe(1);
    expect(out.fault_access_denied).toEqual([3, 'Access Denied']);
    expect(out.fault_user_error).toEqual([2, 'You cannot delete an entry which has been posted once.']);
    expect(out.fault_missing[0]).toBe(2);
    // None cannot be marshalled: fault 1 after the change was committed.
    expect(out.fault_none).toEqual([1, 'TypeError: cannot marshal None unless allow_none is enabled']);
    expect(out.locked_after_fault).toBe(true);
    expect(out.fault_overflow).toEqual([1, 'OverflowError: int exceeds XML-RPC limits']);
    expect(out.legacy_user_error[0]).toBe('warning -- UserError\n\nYou cannot delete an entry which has been posted once.');
    expect(out.legacy_access_denied[0]).toBe('AccessDenied');
  });
});
