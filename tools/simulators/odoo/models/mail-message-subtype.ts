import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'mail.message.subtype', description: 'Message subtypes', module: 'mail', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    internal: f.boolean(),
    sequence: f.integer({ default: 1 }),
  },
});
