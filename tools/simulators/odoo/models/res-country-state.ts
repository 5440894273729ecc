import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.country.state', description: 'Country state', module: 'base', order: 'code',
  fields: {
    name: f.char({ required: true }),
    code: f.char({ required: true }),
    country_id: f.many2one('res.country', { required: true }),
  },
});
