import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'stock.location', description: 'Inventory Locations', module: 'stock', order: 'complete_name, id', parentName: 'location_id', recName: 'complete_name',
  fields: {
    name: f.char({ required: true }),
    complete_name: f.char({ compute: (row, env) => {
      const m = env.sudo().m('stock.location');
      const parts: string[] = [String(row.name)];
      let cur = row.location_id as number | false;
      for (let i = 0; i < 10 && typeof cur === 'number' && m.exists(cur); i++) {
        const r = m.browse(cur);
        if (r.usage === 'view' && !r.location_id && parts.length > 1) break;
        parts.unshift(String(r.name));
        cur = r.location_id as number | false;
      }
      return parts.join('/');
    } }),
    location_id: f.many2one('stock.location', { string: 'Parent Location' }),
    usage: f.selection([
      ['supplier', 'Vendor'], ['view', 'Virtual'], ['internal', 'Internal'], ['customer', 'Customer'],
      ['inventory', 'Inventory Loss'], ['production', 'Production'], ['transit', 'Transit'],
    ], { required: true, default: 'internal' }),
    warehouse_id: f.many2one('stock.warehouse', { compute: (row, env) => {
      if (!env.has('stock.warehouse')) return false;
      const loc = env.sudo().m('stock.location');
      const ancestors = loc.ancestorsOrSelf(row.id);
      const wh = env.sudo().m('stock.warehouse').all().find((w) => ancestors.includes(w.view_location_id as number));
      return wh?.id ?? false;
    } }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
