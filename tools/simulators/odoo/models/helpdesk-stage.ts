import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'helpdesk.stage', description: 'Helpdesk Stage', module: 'helpdesk', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    sequence: f.integer({ default: 10 }),
    fold: f.boolean({ string: 'Folded in Kanban' }),
    team_ids: f.many2many('helpdesk.team'),
    active: f.boolean({ default: true }),
  },
});
