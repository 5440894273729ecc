import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.company', description: 'Companies', module: 'base', order: 'sequence, name',
  fields: {
    name: f.char({ required: true }),
    partner_id: f.many2one('res.partner', { required: true }),
    currency_id: f.many2one('res.currency'),
    country_id: f.many2one('res.country'),
    email: f.char(),
    phone: f.char(),
    vat: f.char(),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
  },
});
