import { OdooSimulator } from '../simulator';
import { callKw } from './dispatch';
import { readGroup } from './read-group';

/** The ORM engine: domains, ordering, paging, read formatting, read_group, name_search, transactions. */
describe('simulator ORM engine', () => {
  const sim = new OdooSimulator({ version: 17 });
  const env = () => sim.env();
  const partners = () => env().m('res.partner');
  const names = (ids: number[]) => ids.map((id) => partners().browse(id).name);

  it('evaluates prefix domains with &, | and !', () => {
    const m = partners();
    const a = m.search(['|', ['ref', '=', 'CC-10001'], ['ref', '=', 'CC-10002']]);
    expect(names(a).sort()).toEqual(['Karim Hassan', 'Nour El-Sayed']);
    const b = m.search(['&', ['is_company', '=', true], '!', ['ref', '=like', 'RT-%']]);
    expect(names(b)).not.toContain('Tahrir Grocery');
    expect(names(b)).toContain('Wadi Natrun Farms');
    expect(m.search([['ref', '=', 'CC-10001'], ['email', 'ilike', 'ELSAYED']])).toHaveLength(1);
  });

  it('supports the common operators, dotted paths, child_of and any', () => {
    const m = partners();
    expect(m.search([['ref', 'in', ['CC-10001', 'CC-10003']]])).toHaveLength(2);
    expect(m.search([['ref', 'not in', [false]], ['ref', '=ilike', 'cc-1000_']]).length).toBe(5);
    expect(m.search([['country_id.code', '=', 'TG']])).toHaveLength(2);
    expect(m.search([['country_id', '=', 'Togo']])).toHaveLength(2);
    expect(m.search([['parent_id', 'child_of', sim.ref('partner_farm')]])).toHaveLength(2);
    expect(m.search([['id', 'child_of', sim.ref('partner_farm')]])).toHaveLength(3);
    expect(m.search([['category_id', 'any', [['name', '=', 'VIP']]]]).length).toBe(2);
    expect(m.search([['category_id', '=', false], ['is_company', '=', false], ['parent_id', '=', false]]).length).toBeGreaterThan(0);
    expect(m.search([['phone', '=?', false]]).length).toBe(m.search([]).length);
  });

  it('hides archived records unless active_test is off or the domain mentions active', () => {
    expect(partners().search([['ref', '=', 'CC-10099']])).toEqual([]);
    expect(sim.env({ active_test: false }).m('res.partner').search([['ref', '=', 'CC-10099']])).toHaveLength(1);
    expect(partners().search([['ref', '=', 'CC-10099'], ['active', '=', false]])).toHaveLength(1);
  });

  it('orders (NULLs last ascending, many2one by name), pages with offset/limit', () => {
    const m = partners();
    const all = m.search([['ref', '!=', false]], { order: 'ref desc' });
    const page = m.search([['ref', '!=', false]], { order: 'ref desc', offset: 2, limit: 3 });
    expect(page).toEqual(all.slice(2, 5));
    const byCountry = m.search([['country_id', '!=', false]], { order: 'country_id asc, id asc' });
    expect(m.browse(byCountry[0]).country_id).toBe(sim.ref('base.eg'));
    expect(() => m.search([], { order: 'nope asc' })).toThrow(/Invalid "order"/);
  });

  it('reads many2one as [id, name] (or an id with load=None), x2many as ids, empty as false', () => {
    const [r] = partners().read([sim.ref('partner_farm_ahmed')], ['parent_id', 'category_id', 'vat', 'child_ids']);
    expect(r).toEqual({ id: sim.ref('partner_farm_ahmed'), parent_id: [sim.ref('partner_farm'), 'Wadi Natrun Farms'], category_id: [], vat: false, child_ids: [] });
    const [n] = partners().read([sim.ref('partner_farm_ahmed')], ['parent_id'], null);
    expect(n.parent_id).toBe(sim.ref('partner_farm'));
  });

  it('maintains write_date on write and rolls a failed call back entirely', () => {
    const id = sim.ref('partner_yasmin');
    const before = partners().browse(id).write_date;
    sim.state.clockOffsetMs += 5000;
    partners().write([id], { phone: '+20 000' });
    expect(partners().browse(id).write_date).not.toBe(before);
    const count = env().m('sale.order.line').count();
    expect(() => sim.state.transaction(() => {
      env().m('sale.order').create([{ partner_id: id, order_line: [[0, 0, { product_id: sim.ref('prod_router'), product_uom_qty: 1 }]] }]);
      env().m('res.partner').create([{ email: 'no-name@example.com' }]);
    })).toThrow(/mandatory field/);
    expect(env().m('sale.order.line').count()).toBe(count);
  });

  it('groups with read_group (lazy counts, sums, month granularity)', () => {
    const groups = readGroup(env().m('account.move'), [['move_type', '=', 'out_invoice'], ['state', '=', 'posted']], ['amount_total:sum'], ['partner_id'], true);
    const nour = groups.find((g) => (g.partner_id as [number, string])[0] === sim.ref('partner_nour'))!;
    expect(nour.partner_id_count).toBe(4);
    expect((nour.amount_total as { value: number }).value).toBeCloseTo(741 * 3 + 300, 2);
    expect(nour.__domain).toEqual(expect.arrayContaining([['partner_id', '=', sim.ref('partner_nour')]]));
    const byMonth = readGroup(env().m('account.move'), [['move_type', '=', 'out_invoice']], ['amount_total'], ['invoice_date:month'], false);
    expect(byMonth[0]).toHaveProperty('__count');
    expect(String(byMonth[0]['invoice_date:month'])).toMatch(/^[A-Z][a-z]+ \d{4}$/);
  });

  it('stock: confirming an order reserves, validating moves quants to the customer', () => {
    const e = env();
    const router = sim.ref('prod_router');
    const before = Number(e.m('product.product').value(e.m('product.product').browse(router), 'qty_available'));
    const [order] = e.m('sale.order').create([{ partner_id: sim.ref('partner_omar'), warehouse_id: sim.ref('wh_cairo'), order_line: [[0, 0, { product_id: router, product_uom_qty: 2 }]] }]);
    callKw(sim.state, { uid: 1, model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {}, protocol: 'jsonrpc' });
    const [picking] = e.m('stock.picking').search([['sale_id', '=', order]]);
    expect(e.m('stock.picking').browse(picking).state).toBe('assigned');
    callKw(sim.state, { uid: 1, model: 'stock.picking', method: 'button_validate', args: [[picking]], kwargs: {}, protocol: 'jsonrpc' });
    expect(Number(e.m('product.product').value(e.m('product.product').browse(router), 'qty_available'))).toBe(before - 2);
  });
});
