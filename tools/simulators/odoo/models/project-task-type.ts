import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'project.task.type', description: 'Task Stage', module: 'project', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    sequence: f.integer({ default: 1 }),
    fold: f.boolean({ string: 'Folded in Kanban' }),
    project_ids: f.many2many('project.project'),
    active: f.boolean({ default: true }),
  },
});
