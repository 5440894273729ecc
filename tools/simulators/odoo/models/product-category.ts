import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'product.category', description: 'Product Category', module: 'product', order: 'complete_name', parentName: 'parent_id', recName: 'complete_name',
  fields: {
    name: f.char({ required: true }),
    complete_name: f.char({ compute: (row, env) => {
      const m = env.sudo().m('product.category');
      const names: string[] = [];
      let cur: number | false = row.id;
      for (let i = 0; i < 10 && typeof cur === 'number' && m.exists(cur); i++) {
        const r = m.browse(cur);
        names.unshift(String(r.name));
        cur = r.parent_id as number | false;
      }
      return names.join(' / ');
    } }),
    parent_id: f.many2one('product.category'),
    child_id: f.one2many('product.category', 'parent_id'),
  },
});
