import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'account.tax', description: 'Tax', module: 'account', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    amount: f.float({ string: 'Amount' }),
    amount_type: f.selection([['percent', 'Percentage of Price'], ['fixed', 'Fixed']], { default: 'percent' }),
    type_tax_use: f.selection([['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], { default: 'sale' }),
    price_include: f.boolean({ until: 17 }),
    sequence: f.integer({ default: 1 }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
