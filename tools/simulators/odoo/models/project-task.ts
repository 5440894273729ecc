import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/** The Community fallback for tickets. 17/18 priority '0' Low / '1' High; 19 four levels. */
export default defineModel({
  name: 'project.task', description: 'Task', module: 'project', order: 'priority desc, sequence, id desc',
  mailThread: true,
  fields: {
    name: f.char({ required: true, string: 'Title' }),
    description: f.html(),
    project_id: f.many2one('project.project'),
    stage_id: f.many2one('project.task.type', {
      default: (env, vals) => env.sudo().m('project.task.type').search(vals.project_id ? [['project_ids', 'in', [vals.project_id]]] : [], { limit: 1 })[0] ?? false,
    }),
    partner_id: f.many2one('res.partner', { string: 'Customer' }),
    email_from: f.char({ until: 17 }),
    user_ids: f.many2many('res.users', { string: 'Assignees' }),
    'priority#18': f.selection([['0', 'Low'], ['1', 'High']], { default: '0', until: 18 }),
    'priority#19': f.selection([['0', 'Low'], ['1', 'Medium'], ['2', 'High'], ['3', 'Urgent']], { default: '0', since: 19 }),
    state: f.selection([
      ['01_in_progress', 'In Progress'], ['02_changes_requested', 'Changes Requested'], ['03_approved', 'Approved'],
      ['04_waiting_normal', 'Waiting'], ['1_done', 'Done'], ['1_canceled', 'Canceled'],
    ], { default: '01_in_progress' }),
    date_deadline: f.datetime({ string: 'Deadline' }),
    date_end: f.datetime({ string: 'Ending Date' }),
    sequence: f.integer({ default: 10 }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
