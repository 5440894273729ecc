import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import type { Env } from '../engine/env';

export function lineAmounts(env: Env, row: Row): { subtotal: number; tax: number } {
  const subtotal = Number(row.quantity ?? 0) * Number(row.price_unit ?? 0) * (1 - Number(row.discount ?? 0) / 100);
  const taxes = env.sudo().m('account.tax').rows(((row.tax_ids as number[]) ?? []).filter((t) => env.sudo().m('account.tax').exists(t)));
  const tax = taxes.reduce((s, t) => s + (t.amount_type === 'fixed' ? Number(t.amount) * Number(row.quantity ?? 0) : subtotal * Number(t.amount) / 100), 0);
  return { subtotal: Math.round(subtotal * 100) / 100, tax: Math.round(tax * 100) / 100 };
}

export default defineModel({
  name: 'account.move.line', description: 'Journal Item', module: 'account', order: 'date desc, move_name desc, id',
  fields: {
    move_id: f.many2one('account.move', { required: true, string: 'Journal Entry' }),
    move_name: f.char({ compute: (row, env) => env.sudo().m('account.move').browse(row.move_id as number).name }),
    date: f.date({ compute: (row, env) => env.sudo().m('account.move').browse(row.move_id as number).date }),
    parent_state: f.char({ compute: (row, env) => env.sudo().m('account.move').browse(row.move_id as number).state }),
    partner_id: f.many2one('res.partner', { compute: (row, env) => env.sudo().m('account.move').browse(row.move_id as number).partner_id }),
    name: f.char({ string: 'Label' }),
    product_id: f.many2one('product.product'),
    quantity: f.float({ default: 1 }),
    price_unit: f.float(),
    discount: f.float(),
    tax_ids: f.many2many('account.tax'),
    price_subtotal: f.monetary({ compute: (row, env) => lineAmounts(env, row).subtotal }),
    price_total: f.monetary({ compute: (row, env) => { const a = lineAmounts(env, row); return a.subtotal + a.tax; } }),
    display_type: f.selection([
      ['product', 'Product'], ['cogs', 'Cost of Goods Sold'], ['tax', 'Tax'], ['discount', 'Discount'], ['rounding', 'Rounding'],
      ['payment_term', 'Payment Term'], ['line_section', 'Section'], ['line_note', 'Note'], ['epd', 'Early Payment Discount'],
    ], { default: 'product' }),
    sale_line_ids: f.many2many('sale.order.line', { module: 'sale', string: 'Sales Order Lines' }),
  },
});
