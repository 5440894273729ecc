import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/** helpdesk (Enterprise). priority '0' Low … '3' Urgent. */
export default defineModel({
  name: 'helpdesk.ticket', description: 'Helpdesk Ticket', module: 'helpdesk', order: 'priority desc, id desc',
  mailThread: true,
  displayName: (row) => `${String(row.name)} (#${row.id})`,
  fields: {
    name: f.char({ required: true, string: 'Subject' }),
    description: f.html(),
    ticket_ref: f.char({ compute: (row) => String(row.id) }),
    team_id: f.many2one('helpdesk.team', { default: (env) => env.sudo().m('helpdesk.team').search([], { limit: 1 })[0] ?? false }),
    stage_id: f.many2one('helpdesk.stage', {
      default: (env, vals) => {
        const team = vals.team_id ?? env.sudo().m('helpdesk.team').search([], { limit: 1 })[0];
        return env.sudo().m('helpdesk.stage').search(team ? [['team_ids', 'in', [team]]] : [], { limit: 1 })[0] ?? false;
      },
    }),
    user_id: f.many2one('res.users', { string: 'Assigned to' }),
    partner_id: f.many2one('res.partner', { string: 'Customer' }),
    partner_name: f.char(),
    partner_email: f.char(),
    partner_phone: f.char(),
    priority: f.selection([['0', 'Low priority'], ['1', 'Medium priority'], ['2', 'High priority'], ['3', 'Urgent']], { default: '0' }),
    kanban_state: f.selection([['normal', 'Grey'], ['done', 'Green'], ['blocked', 'Red']], { default: 'normal', until: 17 }),
    close_date: f.datetime(),
    fold: f.boolean({ compute: (row, env) => (typeof row.stage_id === 'number' ? env.sudo().m('helpdesk.stage').browse(row.stage_id).fold === true : false) }),
    active: f.boolean({ default: true }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  hooks: {
    afterCreate: (env, row) => {
      if (typeof row.partner_id === 'number') {
        const p = env.sudo().m('res.partner').browse(row.partner_id);
        if (!row.partner_email) row.partner_email = p.email ?? false;
        if (!row.partner_name) row.partner_name = p.name ?? false;
      }
    },
    afterWrite: (env, rows, vals) => {
      if (!('stage_id' in vals)) return;
      for (const r of rows) {
        const folded = typeof r.stage_id === 'number' && env.sudo().m('helpdesk.stage').browse(r.stage_id).fold === true;
        r.close_date = folded ? env.nowStr() : false;
      }
    },
  },
});
