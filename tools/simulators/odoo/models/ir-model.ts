import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/** One row per model that exists (filled at start from the registry): how clients detect installed apps. */
export default defineModel({
  name: 'ir.model', description: 'Models', module: 'base', order: 'model',
  fields: {
    name: f.char({ required: true, string: 'Model Description' }),
    model: f.char({ required: true }),
    state: f.selection([['manual', 'Custom Object'], ['base', 'Base Object']], { default: 'base' }),
    modules: f.char({ string: 'In Apps' }),
    transient: f.boolean(),
  },
});
