import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.currency', description: 'Currency', module: 'base', order: 'active desc, name',
  fields: {
    name: f.char({ required: true, string: 'Currency' }),
    full_name: f.char(),
    symbol: f.char({ required: true }),
    rounding: f.float({ default: 0.01 }),
    decimal_places: f.integer({ compute: (row) => Math.max(0, Math.ceil(-Math.log10(Number(row.rounding) || 0.01))) }),
    position: f.selection([['after', 'After Amount'], ['before', 'Before Amount']], { default: 'after' }),
    active: f.boolean({ default: true }),
  },
});
