import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/** Point movements per card (Odoo 18+). */
export default defineModel({
  name: 'loyalty.history', description: 'History for Loyalty cards and Ewallets', module: 'loyalty', order: 'id desc', since: 18, recName: 'description',
  fields: {
    card_id: f.many2one('loyalty.card', { required: true }),
    description: f.text({ required: true }),
    issued: f.float(),
    used: f.float(),
    order_model: f.char(),
    order_id: f.integer(),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
