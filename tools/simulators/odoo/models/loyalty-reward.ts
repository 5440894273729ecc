import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'loyalty.reward', description: 'Loyalty Reward', module: 'loyalty', order: 'required_points asc', recName: 'description',
  fields: {
    program_id: f.many2one('loyalty.program', { required: true }),
    description: f.char(),
    reward_type: f.selection([['product', 'Free Product'], ['discount', 'Discount'], ['shipping', 'Free Shipping']], { default: 'discount' }),
    discount: f.float({ default: 10 }),
    discount_mode: f.selection([['percent', '%'], ['per_point', 'per point'], ['per_order', 'per order']], { default: 'percent' }),
    discount_applicability: f.selection([['order', 'Order'], ['cheapest', 'Cheapest Product'], ['specific', 'Specific Products']], { default: 'order' }),
    discount_max_amount: f.monetary(),
    required_points: f.float({ default: 1 }),
    reward_product_id: f.many2one('product.product'),
    reward_product_qty: f.integer({ default: 1 }),
    active: f.boolean({ default: true }),
  },
});
