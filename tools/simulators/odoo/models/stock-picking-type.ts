import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.picking.type', description: 'Picking Type', module: 'stock', order: 'sequence, id',
  displayName: (row, env) => {
    const wh = typeof row.warehouse_id === 'number' ? env.sudo().m('stock.warehouse').browse(row.warehouse_id).name : '';
    return wh ? `${String(wh)}: ${String(row.name)}` : String(row.name);
  },
  fields: {
    name: f.char({ required: true }),
    code: f.selection([['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], { required: true }),
    sequence_code: f.char({ required: true }),
    sequence: f.integer({ default: 1 }),
    warehouse_id: f.many2one('stock.warehouse'),
    default_location_src_id: f.many2one('stock.location'),
    default_location_dest_id: f.many2one('stock.location'),
    active: f.boolean({ default: true }),
  },
});
