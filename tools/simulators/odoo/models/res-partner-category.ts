import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.partner.category', description: 'Partner Tags', module: 'base', order: 'name', parentName: 'parent_id',
  fields: {
    name: f.char({ required: true }),
    parent_id: f.many2one('res.partner.category'),
    active: f.boolean({ default: true }),
  },
});
