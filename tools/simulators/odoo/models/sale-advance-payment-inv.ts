import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f } from '../engine/types';
import { taxField } from './sale-order-line';

/** "Create Invoice" wizard (regular invoice of what is left to invoice). */
export default defineModel({
  name: 'sale.advance.payment.inv', description: 'Sales Advance Payment Invoice', module: 'sale', transient: true,
  fields: {
    advance_payment_method: f.selection([['delivered', 'Regular invoice'], ['percentage', 'Down payment (percentage)'], ['fixed', 'Down payment (fixed amount)']], { default: 'delivered', required: true }),
    sale_order_ids: f.many2many('sale.order', { default: (env) => (env.context.active_model === 'sale.order' && Array.isArray(env.context.active_ids) ? (env.context.active_ids as number[]) : []) }),
  },
  methods: {
    create_invoices: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const wiz = su.m('sale.advance.payment.inv').browse(ids[0]);
        if (wiz.advance_payment_method !== 'delivered') throw new UserError('Down payments are not supported by the simulator.');
        const created: number[] = [];
        for (const order of su.m('sale.order').rows((wiz.sale_order_ids as number[]) ?? [])) {
          if (order.state !== 'sale') throw new UserError('You can only invoice confirmed orders.');
          const lines = su.m('sale.order.line').searchRows([['order_id', '=', order.id], ['display_type', '=', false]])
            .map((l) => ({ l, qty: Number(su.m('sale.order.line').value(l, 'qty_to_invoice')) }))
            .filter((x) => x.qty > 0);
          if (!lines.length) throw new UserError('There is no invoiceable line. If a product has a Delivered quantities invoicing policy, please make sure that a quantity has been delivered.');
          const [moveId] = su.m('account.move').create([{
            move_type: 'out_invoice', partner_id: order.partner_invoice_id || order.partner_id, invoice_origin: order.name, ref: order.client_order_ref || false,
            currency_id: order.currency_id, payment_reference: order.reference || false,
            invoice_line_ids: lines.map(({ l, qty }) => [0, 0, {
              name: l.name, product_id: l.product_id, quantity: qty, price_unit: l.price_unit, discount: l.discount,
              tax_ids: [[6, 0, (l[taxField(env)] as number[]) ?? []]], sale_line_ids: [[6, 0, [l.id]]],
            }]),
          }]);
          created.push(moveId);
        }
        if (env.context.open_invoices === false) return true;
        return created.length === 1
          ? { type: 'ir.actions.act_window', res_model: 'account.move', res_id: created[0], view_mode: 'form', name: 'Invoices' }
          : { type: 'ir.actions.act_window', res_model: 'account.move', domain: [['id', 'in', created]], view_mode: 'tree,form', name: 'Invoices' };
      },
    },
  },
});
