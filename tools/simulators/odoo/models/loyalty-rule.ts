import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'loyalty.rule', description: 'Loyalty Rule', module: 'loyalty', order: 'id',
  displayName: (row) => `Rule #${row.id}`,
  fields: {
    program_id: f.many2one('loyalty.program', { required: true }),
    mode: f.selection([['auto', 'Automatic'], ['with_code', 'With a promotion code']], { default: 'auto' }),
    code: f.char({ string: 'Discount code' }),
    minimum_qty: f.integer({ default: 1 }),
    minimum_amount: f.monetary(),
    reward_point_amount: f.float({ default: 1, string: 'Reward' }),
    reward_point_mode: f.selection([['order', 'per order'], ['money', 'per $ spent'], ['unit', 'per unit paid']], { default: 'order' }),
    reward_point_split: f.boolean(),
    product_ids: f.many2many('product.product'),
    product_category_id: f.many2one('product.category'),
    active: f.boolean({ default: true }),
  },
});
