import { defineModel } from '../engine/registry';
import { UserError } from '../engine/exceptions';
import { f } from '../engine/types';

export default defineModel({
  name: 'mail.activity', description: 'Activity', module: 'mail', order: 'date_deadline ASC, id ASC', recName: 'summary',
  fields: {
    res_model_id: f.many2one('ir.model', { string: 'Document Model' }),
    res_model: f.char({ required: true }),
    res_id: f.integer({ required: true }),
    res_name: f.char({ compute: (row, env) => {
      if (typeof row.res_model !== 'string' || !env.has(row.res_model)) return false;
      const m = env.sudo().m(row.res_model);
      return m.exists(Number(row.res_id)) ? m.displayName(m.browse(Number(row.res_id))) : false;
    } }),
    activity_type_id: f.many2one('mail.activity.type', { default: (env) => env.refOr('mail.mail_activity_data_todo') }),
    summary: f.char(),
    note: f.html(),
    date_deadline: f.date({ required: true, default: (env) => env.today() }),
    user_id: f.many2one('res.users', { default: (env) => env.uid }),
    state: f.selection([['overdue', 'Overdue'], ['today', 'Today'], ['planned', 'Planned']], {
      compute: (row, env) => {
        const d = String(row.date_deadline);
        const today = env.today();
        return d < today ? 'overdue' : d === today ? 'today' : 'planned';
      },
    }),
  },
  hooks: {
    afterCreate: (env, row) => {
      if (!row.res_model && typeof row.res_model_id === 'number') row.res_model = env.sudo().m('ir.model').browse(row.res_model_id).model;
      if (!row.res_model_id && typeof row.res_model === 'string') {
        const [mid] = env.sudo().m('ir.model').search([['model', '=', row.res_model]]);
        row.res_model_id = mid ?? false;
      }
      if (typeof row.res_model !== 'string' || !env.has(row.res_model) || !env.sudo().m(row.res_model).exists(Number(row.res_id))) {
        throw new UserError('The document the activity is attached to does not exist.');
      }
    },
  },
  methods: {
    /** Marks the activities done: a note is posted on the document and the activity disappears. */
    action_feedback: {
      api: 'multi', params: [{ name: 'feedback', default: false }, { name: 'attachment_ids', default: null }],
      impl: (env, ids, kw) => {
        const su = env.sudo();
        const acts = su.m('mail.activity').rows(ids);
        let last: number | false = false;
        for (const a of acts) {
          [last] = su.m('mail.message').create([{
            model: a.res_model, res_id: a.res_id, message_type: 'notification', subtype_xmlid: 'mail.mt_activities',
            body: `<p>${String(a.summary || 'Activity')} done${kw.feedback ? `: ${String(kw.feedback)}` : ''}</p>`,
          }]);
        }
        su.m('mail.activity').unlink(ids);
        return last;
      },
    },
    action_done: {
      api: 'multi', params: [],
      impl: (env, ids) => { env.sudo().m('mail.activity').unlink(ids); return true; },
    },
  },
});
