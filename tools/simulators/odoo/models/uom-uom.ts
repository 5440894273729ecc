import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'uom.uom', description: 'Product Unit of Measure', module: 'uom', order: 'name',
  fields: {
    name: f.char({ required: true }),
    factor: f.float({ default: 1 }),
    uom_type: f.selection([['bigger', 'Bigger than the reference'], ['reference', 'Reference'], ['smaller', 'Smaller than the reference']], { default: 'reference', until: 18 }),
    rounding: f.float({ default: 0.01 }),
    active: f.boolean({ default: true }),
  },
});
