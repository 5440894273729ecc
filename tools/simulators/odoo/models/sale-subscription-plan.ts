import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'sale.subscription.plan', description: 'Subscription Plan', module: 'sale_subscription', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    billing_period_value: f.integer({ default: 1, string: 'Duration' }),
    billing_period_unit: f.selection([['week', 'Weeks'], ['month', 'Months'], ['year', 'Years']], { default: 'month', required: true }),
    auto_close_limit: f.integer({ default: 15 }),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
  },
});
