import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.lot', description: 'Lot/Serial', module: 'stock', order: 'name, id',
  fields: {
    name: f.char({ required: true, string: 'Lot/Serial Number' }),
    ref: f.char({ string: 'Internal Reference' }),
    product_id: f.many2one('product.product', { required: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    note: f.html(),
    product_qty: f.float({ compute: (row, env) => env.sudo().m('stock.quant').searchRows([['lot_id', '=', row.id], ['location_id.usage', '=', 'internal']]).reduce((s, q) => s + Number(q.quantity), 0) }),
    quant_ids: f.one2many('stock.quant', 'lot_id'),
  },
});
