import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'mail.activity.type', description: 'Activity Type', module: 'mail', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    summary: f.char({ string: 'Default Summary' }),
    category: f.selection([['default', 'None'], ['upload_file', 'Upload Document'], ['phonecall', 'Phonecall']], { default: 'default' }),
    delay_count: f.integer(),
    sequence: f.integer({ default: 10 }),
    res_model: f.char(),
    active: f.boolean({ default: true }),
  },
});
