import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.quant', description: 'Quants', module: 'stock', order: 'id',
  displayName: (row, env) => String(env.sudo().m('stock.location').displayName(env.sudo().m('stock.location').browse(Number(row.location_id)))),
  fields: {
    product_id: f.many2one('product.product', { required: true }),
    location_id: f.many2one('stock.location', { required: true }),
    lot_id: f.many2one('stock.lot', { string: 'Lot/Serial Number' }),
    owner_id: f.many2one('res.partner'),
    quantity: f.float({ readonly: true }),
    reserved_quantity: f.float({ readonly: true }),
    available_quantity: f.float({ compute: (row) => Number(row.quantity) - Number(row.reserved_quantity) }),
    inventory_quantity: f.float({ string: 'Counted Quantity' }),
    inventory_quantity_set: f.boolean(),
    inventory_diff_quantity: f.float({ compute: (row) => (row.inventory_quantity_set ? Number(row.inventory_quantity) - Number(row.quantity) : 0) }),
    warehouse_id: f.many2one('stock.warehouse', { compute: (row, env) => env.sudo().m('stock.location').value(env.sudo().m('stock.location').browse(Number(row.location_id)), 'warehouse_id') }),
    in_date: f.datetime({ default: (env) => env.nowStr() }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  hooks: {
    beforeWrite: (env, _rows, vals) => {
      if ('inventory_quantity' in vals) vals.inventory_quantity_set = true;
      // Counting is how RPC users change stock; `quantity` itself is computed by moves.
      if (('quantity' in vals || 'reserved_quantity' in vals) && !env.su && !env.context.inventory_mode) {
        delete vals.quantity;
        delete vals.reserved_quantity;
      }
    },
  },
  methods: {
    /** Applies counted quantities (an inventory adjustment); returns None like Odoo 17. */
    action_apply_inventory: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const q = su.m('stock.quant');
        for (const row of q.rows(ids)) {
          if (!row.inventory_quantity_set) continue;
          q.write([row.id], { quantity: row.inventory_quantity, inventory_quantity: 0, inventory_quantity_set: false });
        }
        return null;
      },
    },
  },
});
