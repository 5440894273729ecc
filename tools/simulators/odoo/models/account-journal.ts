import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'account.journal', description: 'Journal', module: 'account', order: 'sequence, type, code',
  fields: {
    name: f.char({ required: true }),
    code: f.char({ required: true, string: 'Short Code' }),
    type: f.selection([['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'], ['bank', 'Bank'], ['general', 'Miscellaneous']], { required: true }),
    currency_id: f.many2one('res.currency'),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
