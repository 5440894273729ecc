import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.country', description: 'Country', module: 'base', order: 'name',
  fields: {
    name: f.char({ required: true }),
    code: f.char({ string: 'Country Code' }),
    phone_code: f.integer(),
    currency_id: f.many2one('res.currency'),
    state_ids: f.one2many('res.country.state', 'country_id'),
  },
});
