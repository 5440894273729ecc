import { randomUUID } from 'node:crypto';
import type { Env } from '../engine/env';
import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import { qtyInvoiced, saleLineAmounts, uomField } from './sale-order-line';
import { reserve } from './stock-picking';

const round = (n: number) => Math.round(n * 100) / 100;
const lines = (env: Env, row: Row) => env.sudo().m('sale.order.line').searchRows([['order_id', '=', row.id]]);

function totals(env: Env, row: Row) {
  let untaxed = 0;
  let tax = 0;
  for (const l of lines(env, row)) {
    const a = saleLineAmounts(env, l);
    untaxed += a.subtotal;
    tax += a.tax;
  }
  return { untaxed: round(untaxed), tax: round(tax), total: round(untaxed + tax) };
}

function invoiceIds(env: Env, row: Row): number[] {
  if (!env.has('account.move.line')) return [];
  const lineIds = lines(env, row).map((l) => l.id);
  if (!lineIds.length) return [];
  return [...new Set(env.sudo().m('account.move.line').searchRows([['sale_line_ids', 'in', lineIds]]).map((l) => l.move_id as number))];
}

function invoiceStatus(env: Env, row: Row): string {
  if (row.state !== 'sale') return 'no';
  const statuses = lines(env, row).filter((l) => !l.display_type).map((l) => env.m('sale.order.line').value(l, 'invoice_status'));
  if (statuses.includes('to invoice')) return 'to invoice';
  if (statuses.length && statuses.every((s) => s === 'invoiced')) return 'invoiced';
  return 'no';
}

function deliveryStatus(env: Env, row: Row): string | false {
  if (!env.has('stock.picking')) return false;
  const pickings = env.sudo().m('stock.picking').searchRows([['sale_id', '=', row.id], ['state', '!=', 'cancel']]);
  if (!pickings.length) return false;
  if (pickings.every((p) => p.state === 'done')) return 'full';
  if (pickings.some((p) => p.state === 'done')) return 'partial';
  if (env.version >= 18 && pickings.some((p) => p.state === 'assigned')) return 'started';
  return 'pending';
}

const isGoods = (env: Env, productId: number): boolean => {
  const p = env.sudo().m('product.product');
  const type = p.value(p.browse(productId), 'type');
  return type === 'consu' || type === 'product';
};

/** sale_stock: confirming creates the delivery with one move per goods line, then reserves. */
function createDelivery(env: Env, order: Row): void {
  if (!env.has('stock.picking')) return;
  const su = env.sudo();
  const goods = lines(env, order).filter((l) => !l.display_type && typeof l.product_id === 'number' && isGoods(env, l.product_id as number));
  if (!goods.length) return;
  const wh = typeof order.warehouse_id === 'number' ? su.m('stock.warehouse').browse(order.warehouse_id) : su.m('stock.warehouse').searchRows([], { limit: 1 })[0];
  if (!wh) return;
  const type = su.m('stock.picking.type').browse(wh.out_type_id as number);
  const [pickingId] = su.m('stock.picking').create([{
    partner_id: order.partner_shipping_id || order.partner_id, picking_type_id: type.id, origin: order.name, sale_id: order.id,
    scheduled_date: order.commitment_date || env.nowStr(),
    move_ids: goods.map((l) => [0, 0, {
      name: l.name, product_id: l.product_id, product_uom_qty: l.product_uom_qty, product_uom: l[uomField(env)] ?? false,
      location_id: type.default_location_src_id, location_dest_id: type.default_location_dest_id, sale_line_id: l.id, state: 'confirmed', origin: order.name,
    }]),
  }]);
  su.m('stock.picking').write([pickingId], { state: 'confirmed' });
  reserve(env, [pickingId]);
}

function cancelOrders(env: Env, ids: number[]): true {
  const su = env.sudo();
  for (const id of ids) {
    const drafts = invoiceIds(env, su.m('sale.order').browse(id)).filter((i) => su.m('account.move').browse(i).state === 'draft');
    if (drafts.length) su.m('account.move').write(drafts, { state: 'cancel' });
    if (env.has('stock.picking')) {
      const open = su.m('stock.picking').search([['sale_id', '=', id], ['state', 'not in', ['done', 'cancel']]]);
      if (open.length) su.m('stock.picking').write(open, { state: 'cancel' });
      for (const mv of su.m('stock.move').searchRows([['picking_id', 'in', open]])) su.m('stock.move').write([mv.id], { state: 'cancel' });
    }
  }
  su.m('sale.order').write(ids, { state: 'cancel' });
  return true;
}

export { cancelOrders };

export default defineModel({
  name: 'sale.order', description: 'Sales Order', module: 'sale', order: 'date_order desc, id desc',
  mailThread: true,
  fields: {
    name: f.char({ required: true, default: 'New', string: 'Order Reference' }),
    partner_id: f.many2one('res.partner', { required: true, string: 'Customer' }),
    partner_invoice_id: f.many2one('res.partner', { default: (_env, vals) => vals.partner_id ?? false }),
    partner_shipping_id: f.many2one('res.partner', { default: (_env, vals) => vals.partner_id ?? false }),
    state: f.selection([['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled']], { default: 'draft' }),
    locked: f.boolean(),
    client_order_ref: f.char({ string: 'Customer Reference' }),
    origin: f.char({ string: 'Source Document' }),
    reference: f.char({ string: 'Payment Ref.' }),
    date_order: f.datetime({ required: true, default: (env) => env.nowStr(), string: 'Order Date' }),
    validity_date: f.date({ string: 'Expiration' }),
    commitment_date: f.datetime({ string: 'Delivery Date' }),
    note: f.html({ string: 'Terms and conditions' }),
    user_id: f.many2one('res.users', { string: 'Salesperson' }),
    company_id: f.many2one('res.company', { required: true, default: (env) => env.refOr('base.main_company') }),
    currency_id: f.many2one('res.currency', { default: (env) => env.sudo().m('res.company').browse(env.ref('base.main_company')).currency_id ?? false }),
    order_line: f.one2many('sale.order.line', 'order_id', { string: 'Order Lines' }),
    amount_untaxed: f.monetary({ compute: (row, env) => totals(env, row).untaxed }),
    amount_tax: f.monetary({ compute: (row, env) => totals(env, row).tax }),
    amount_total: f.monetary({ compute: (row, env) => totals(env, row).total }),
    amount_to_invoice: f.monetary({ compute: (row, env) => round(lines(env, row).reduce((s, l) => s + Math.max(0, Number(l.product_uom_qty) - qtyInvoiced(env, l)) * Number(l.price_unit) * (1 - Number(l.discount || 0) / 100), 0)) }),
    invoice_ids: f.many2many('account.move', { compute: (row, env) => invoiceIds(env, row), string: 'Invoices' }),
    invoice_count: f.integer({ compute: (row, env) => invoiceIds(env, row).length }),
    invoice_status: f.selection([['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']], {
      compute: (row, env) => invoiceStatus(env, row),
    }),
    picking_ids: f.one2many('stock.picking', 'sale_id', { module: 'sale_stock', string: 'Transfers' }),
    delivery_count: f.integer({ module: 'sale_stock', compute: (row, env) => env.sudo().m('stock.picking').count([['sale_id', '=', row.id]]) }),
    delivery_status: f.selection([['pending', 'Not Delivered'], ['started', 'Started'], ['partial', 'Partially Delivered'], ['full', 'Fully Delivered']], {
      module: 'sale_stock', compute: (row, env) => deliveryStatus(env, row),
    }),
    warehouse_id: f.many2one('stock.warehouse', { module: 'sale_stock', default: (env) => env.sudo().m('stock.warehouse').search([], { limit: 1 })[0] ?? false }),
    type_name: f.char({ compute: (row) => (row.state === 'draft' || row.state === 'sent' ? 'Quotation' : 'Sales Order') }),
    access_url: f.char({ compute: (row) => `/my/orders/${row.id}` }),
    access_token: f.char(),
    // sale_subscription (Enterprise): subscriptions are sale orders with a plan.
    is_subscription: f.boolean({ module: 'sale_subscription' }),
    plan_id: f.many2one('sale.subscription.plan', { module: 'sale_subscription', string: 'Recurring Plan' }),
    subscription_state: f.selection([
      ['1_draft', 'Quotation'], ['2_renewal', 'Renewal Quotation'], ['3_progress', 'In Progress'], ['4_paused', 'Paused'],
      ['5_renewed', 'Renewed'], ['6_churn', 'Churned'], ['7_upsell', 'Upsell'],
    ], { module: 'sale_subscription' }),
    start_date: f.date({ module: 'sale_subscription' }),
    end_date: f.date({ module: 'sale_subscription' }),
    next_invoice_date: f.date({ module: 'sale_subscription', string: 'Date of Next Invoice' }),
    recurring_monthly: f.monetary({
      module: 'sale_subscription', string: 'Monthly Recurring Revenue',
      compute: (row, env) => {
        if (!row.is_subscription || typeof row.plan_id !== 'number') return 0;
        const plan = env.sudo().m('sale.subscription.plan').browse(row.plan_id);
        const months = plan.billing_period_unit === 'year' ? 12 * Number(plan.billing_period_value) : plan.billing_period_unit === 'week' ? Number(plan.billing_period_value) / 4.345 : Number(plan.billing_period_value);
        return round(totals(env, row).untaxed / (months || 1));
      },
    }),
    cartona_id: f.char({ module: 'cartona_integration', string: 'Cartona Order ID' }),
    cartona_status: f.char({ module: 'cartona_integration' }),
    is_cartona_order: f.boolean({ module: 'cartona_integration' }),
  },
  hooks: {
    afterCreate: (env, row) => {
      const su = env.sudo();
      if (row.name === 'New') {
        const n = su.m('sale.order').count([['name', '=like', 'S%']]);
        row.name = `S${String(n + 1).padStart(5, '0')}`;
      }
      if (row.is_subscription && !row.subscription_state) row.subscription_state = '1_draft';
      const p = su.m('res.partner');
      const commercial = p.value(p.browse(row.partner_id as number), 'commercial_partner_id') as number;
      p.write([commercial], { customer_rank: Number(p.browse(commercial).customer_rank || 0) + 1 });
    },
    beforeWrite: (env, rows, vals) => {
      if (rows.some((r) => r.locked) && ('order_line' in vals || 'partner_id' in vals) && !env.su) {
        throw new UserError('This order is locked: unlock it before changing it.');
      }
    },
  },
  methods: {
    action_confirm: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const orders = su.m('sale.order').rows(ids);
        for (const o of orders) {
          if (o.state !== 'draft' && o.state !== 'sent') throw new UserError('Some orders are not in a state requiring confirmation.');
          if (lines(env, o).some((l) => !l.display_type && !l.product_id)) throw new UserError('A line on these orders missing a product, you cannot confirm it.');
        }
        for (const o of orders) {
          su.m('sale.order').write([o.id], {
            state: 'sale', date_order: env.nowStr(),
            ...(o.is_subscription ? { subscription_state: '3_progress', start_date: o.start_date || env.today(), next_invoice_date: o.next_invoice_date || o.start_date || env.today() } : {}),
          });
          createDelivery(env, su.m('sale.order').browse(o.id));
        }
        return true;
      },
    },
    /** Returns the cancel wizard for non-draft orders unless context disable_cancel_warning (Odoo 17+). */
    action_cancel: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const orders = su.m('sale.order').rows(ids);
        if (orders.some((o) => o.locked)) throw new UserError('You cannot cancel a locked order. Please unlock it first.');
        const warn = !env.context.disable_cancel_warning && orders.some((o) => o.state !== 'draft');
        if (warn) {
          if (orders.length !== 1) throw new UserError(`Expected singleton: sale.order(${ids.join(', ')},)`);
          return {
            name: `Cancel ${String(su.m('sale.order').value(orders[0], 'type_name'))}`, view_mode: 'form', res_model: 'sale.order.cancel',
            view_id: [0, 'sale.sale_order_cancel_view_form'], type: 'ir.actions.act_window', target: 'new',
            context: { default_order_id: orders[0].id, mark_so_as_canceled: true, default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature' },
          };
        }
        return cancelOrders(env, ids);
      },
    },
    action_draft: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const orders = su.m('sale.order').rows(ids).filter((o) => o.state === 'cancel' || o.state === 'sent');
        su.m('sale.order').write(orders.map((o) => o.id), { state: 'draft' });
        return true;
      },
    },
    action_lock: { api: 'multi', params: [], impl: (env, ids) => { env.sudo().m('sale.order').write(ids, { locked: true }); return null; } },
    action_unlock: { api: 'multi', params: [], impl: (env, ids) => { env.sudo().m('sale.order').write(ids, { locked: false }); return null; } },
    action_quotation_sent: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        if (su.m('sale.order').rows(ids).some((o) => o.state !== 'draft')) throw new UserError('Only draft orders can be marked as sent directly.');
        su.m('sale.order').write(ids, { state: 'sent' });
        return null;
      },
    },
    get_portal_url: {
      api: 'multi', params: [{ name: 'suffix', default: null }, { name: 'report_type', default: null }, { name: 'download', default: null }, { name: 'query_string', default: null }, { name: 'anchor', default: null }],
      impl: (env, ids) => {
        const su = env.sudo().m('sale.order');
        const row = su.browse(ids[0]);
        if (!row.access_token) su.write([row.id], { access_token: randomUUID() });
        return `/my/orders/${row.id}?access_token=${String(su.browse(row.id).access_token)}`;
      },
    },
  },
});
