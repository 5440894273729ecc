import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'mail.message', description: 'Message', module: 'mail', order: 'id desc', recName: 'record_name',
  fields: {
    subject: f.char(),
    body: f.html({ default: '' }),
    model: f.char({ string: 'Related Document Model' }),
    res_id: f.integer({ string: 'Related Document ID' }),
    record_name: f.char({ compute: (row, env) => {
      if (typeof row.model !== 'string' || !env.has(row.model)) return false;
      const m = env.sudo().m(row.model);
      return m.exists(Number(row.res_id)) ? m.displayName(m.browse(Number(row.res_id))) : false;
    } }),
    message_type: f.selection([
      ['email', 'Incoming Email'], ['comment', 'Comment'], ['email_outgoing', 'Outgoing Email'], ['notification', 'System notification'],
      ['auto_comment', 'Automated Targeted Notification'], ['user_notification', 'User Specific Notification'],
    ], { default: 'comment', required: true }),
    subtype_id: f.many2one('mail.message.subtype'),
    /** Simulator convenience: the subtype xmlid message_post was called with. */
    subtype_xmlid: f.char(),
    is_internal: f.boolean({ compute: (row) => row.subtype_xmlid === 'mail.mt_note' }),
    author_id: f.many2one('res.partner'),
    date: f.datetime({ default: (env) => env.nowStr() }),
    attachment_ids: f.many2many('ir.attachment'),
    partner_ids: f.many2many('res.partner', { string: 'Recipients' }),
  },
  hooks: {
    afterCreate: (env, row) => {
      if (!row.subtype_id && typeof row.subtype_xmlid === 'string') row.subtype_id = env.refOr(row.subtype_xmlid);
    },
  },
});
