import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.move', description: 'Stock Move', module: 'stock', order: 'sequence, id',
  fields: {
    name: f.char({ required: true, string: 'Description' }),
    reference: f.char({ compute: (row, env) => (typeof row.picking_id === 'number' ? env.sudo().m('stock.picking').browse(row.picking_id).name : row.name) }),
    product_id: f.many2one('product.product', { required: true }),
    product_uom_qty: f.float({ string: 'Demand', default: 0 }),
    quantity: f.float({ string: 'Quantity' }),
    product_uom: f.many2one('uom.uom'),
    location_id: f.many2one('stock.location', { required: true }),
    location_dest_id: f.many2one('stock.location', { required: true }),
    picking_id: f.many2one('stock.picking'),
    sale_line_id: f.many2one('sale.order.line', { module: 'sale_stock' }),
    lot_ids: f.many2many('stock.lot'),
    state: f.selection([
      ['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'],
      ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled'],
    ], { default: 'draft' }),
    origin: f.char(),
    date: f.datetime({ default: (env) => env.nowStr() }),
    sequence: f.integer({ default: 10 }),
  },
});
