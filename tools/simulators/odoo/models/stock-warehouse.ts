import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.warehouse', description: 'Warehouse', module: 'stock', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    code: f.char({ required: true, string: 'Short Name' }),
    view_location_id: f.many2one('stock.location'),
    lot_stock_id: f.many2one('stock.location', { string: 'Location Stock' }),
    partner_id: f.many2one('res.partner', { string: 'Address' }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
    out_type_id: f.many2one('stock.picking.type', { string: 'Out Type' }),
  },
  hooks: {
    // Like Odoo: a warehouse gets its view and stock locations and its delivery operation type.
    afterCreate: (env, row) => {
      const su = env.sudo();
      const loc = su.m('stock.location');
      if (!row.view_location_id) [row.view_location_id] = loc.create([{ name: String(row.code), usage: 'view' }]);
      if (!row.lot_stock_id) [row.lot_stock_id] = loc.create([{ name: 'Stock', usage: 'internal', location_id: row.view_location_id }]);
      if (!row.out_type_id) {
        const [customers] = loc.search([['usage', '=', 'customer']], { limit: 1 });
        [row.out_type_id] = su.m('stock.picking.type').create([{
          name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', warehouse_id: row.id,
          default_location_src_id: row.lot_stock_id, default_location_dest_id: customers ?? false,
        }]);
      }
    },
  },
});
