import type { Env } from '../engine/env';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';

const round = (n: number) => Math.round(n * 100) / 100;

export function taxField(env: Env): string {
  return env.version >= 19 ? 'tax_ids' : 'tax_id';
}
export function uomField(env: Env): string {
  return env.version >= 19 ? 'product_uom_id' : 'product_uom';
}

export function saleLineAmounts(env: Env, row: Row): { subtotal: number; tax: number } {
  if (row.display_type) return { subtotal: 0, tax: 0 };
  const subtotal = Number(row.product_uom_qty ?? 0) * Number(row.price_unit ?? 0) * (1 - Number(row.discount ?? 0) / 100);
  const tm = env.sudo().m('account.tax');
  const taxes = tm.rows(((row[taxField(env)] as number[]) ?? []).filter((t) => tm.exists(t)));
  const tax = taxes.reduce((s, t) => s + (t.amount_type === 'fixed' ? Number(t.amount) * Number(row.product_uom_qty ?? 0) : subtotal * Number(t.amount) / 100), 0);
  return { subtotal: round(subtotal), tax: round(tax) };
}

export function qtyInvoiced(env: Env, row: Row): number {
  if (!env.has('account.move.line')) return 0;
  const aml = env.sudo().m('account.move.line');
  return aml.searchRows([['sale_line_ids', 'in', [row.id]]]).reduce((s, l) => {
    const move = env.sudo().m('account.move').browse(l.move_id as number);
    if (move.state === 'cancel') return s;
    return s + (String(move.move_type) === 'out_refund' ? -1 : 1) * Number(l.quantity);
  }, 0);
}

function lineInvoiceStatus(env: Env, row: Row): string {
  const order = env.sudo().m('sale.order').browse(row.order_id as number);
  if (order.state !== 'sale' || row.display_type) return 'no';
  const invoiced = qtyInvoiced(env, row);
  const qty = Number(row.product_uom_qty);
  if (qty - invoiced > 0) return 'to invoice';
  if (invoiced >= qty && qty > 0) return 'invoiced';
  return 'no';
}

const productDefault = (field: string) => (env: Env, vals: Record<string, unknown>) => {
  if (typeof vals.product_id !== 'number') return field === 'price_unit' ? 0 : false;
  const p = env.sudo().m('product.product');
  const row = p.browse(vals.product_id);
  if (field === 'name') return p.displayName(row);
  if (field === 'price_unit') return p.value(row, 'lst_price');
  return p.value(row, 'uom_id');
};

export default defineModel({
  name: 'sale.order.line', description: 'Sales Order Line', module: 'sale', order: 'order_id, sequence, id', recName: 'name',
  fields: {
    order_id: f.many2one('sale.order', { required: true, string: 'Order Reference' }),
    sequence: f.integer({ default: 10 }),
    product_id: f.many2one('product.product'),
    product_template_id: f.many2one('product.template', { compute: (row, env) => (typeof row.product_id === 'number' ? env.sudo().m('product.product').browse(row.product_id).product_tmpl_id : false) }),
    name: f.text({ required: true, string: 'Description', default: productDefault('name') }),
    product_uom_qty: f.float({ default: 1, string: 'Quantity' }),
    'product_uom#18': f.many2one('uom.uom', { until: 18, string: 'Unit of Measure', default: productDefault('uom') }),
    'product_uom_id#19': f.many2one('uom.uom', { since: 19, string: 'Unit', default: productDefault('uom') }),
    price_unit: f.float({ string: 'Unit Price', default: productDefault('price_unit') }),
    discount: f.float({ string: 'Discount (%)' }),
    'tax_id#18': f.many2many('account.tax', { until: 18, string: 'Taxes' }),
    'tax_ids#19': f.many2many('account.tax', { since: 19, string: 'Taxes' }),
    price_subtotal: f.monetary({ compute: (row, env) => saleLineAmounts(env, row).subtotal }),
    price_tax: f.float({ compute: (row, env) => saleLineAmounts(env, row).tax }),
    price_total: f.monetary({ compute: (row, env) => { const a = saleLineAmounts(env, row); return round(a.subtotal + a.tax); } }),
    qty_delivered: f.float({ string: 'Delivery Quantity' }),
    qty_invoiced: f.float({ compute: (row, env) => qtyInvoiced(env, row) }),
    qty_to_invoice: f.float({ compute: (row, env) => Math.max(0, Number(row.product_uom_qty) - qtyInvoiced(env, row)) }),
    invoice_status: f.selection([['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']], {
      compute: (row, env) => lineInvoiceStatus(env, row),
    }),
    invoice_lines: f.many2many('account.move.line', { compute: (row, env) => (env.has('account.move.line') ? env.sudo().m('account.move.line').search([['sale_line_ids', 'in', [row.id]]]) : []) }),
    display_type: f.selection([['line_section', 'Section'], ['line_note', 'Note']]),
    state: f.selection([['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled']], {
      compute: (row, env) => env.sudo().m('sale.order').browse(row.order_id as number).state,
    }),
    currency_id: f.many2one('res.currency', { compute: (row, env) => env.sudo().m('sale.order').browse(row.order_id as number).currency_id }),
    order_partner_id: f.many2one('res.partner', { compute: (row, env) => env.sudo().m('sale.order').browse(row.order_id as number).partner_id }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    move_ids: f.one2many('stock.move', 'sale_line_id', { module: 'sale_stock' }),
  },
});
