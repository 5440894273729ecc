import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'project.project', description: 'Project', module: 'project', order: 'sequence, name, id',
  mailThread: true,
  fields: {
    name: f.char({ required: true }),
    partner_id: f.many2one('res.partner', { string: 'Customer' }),
    type_ids: f.many2many('project.task.type', { string: 'Tasks Stages' }),
    task_ids: f.one2many('project.task', 'project_id'),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
