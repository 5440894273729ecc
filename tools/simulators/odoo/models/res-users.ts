import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'res.users', description: 'User', module: 'base', order: 'name, login', recName: 'name',
  fields: {
    name: f.char({ required: true }),
    login: f.char({ required: true }),
    // A user always has a partner (Odoo's _inherits res.partner).
    partner_id: f.many2one('res.partner', {
      required: true,
      default: (env, vals) => env.sudo().m('res.partner').create([{ name: vals.name ?? vals.login, email: vals.email ?? false }])[0],
    }),
    email: f.char(),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    company_ids: f.many2many('res.company', { default: (env) => { const c = env.refOr('base.main_company'); return c ? [c] : []; } }),
    lang: f.char({ default: 'en_US' }),
    tz: f.char({ default: 'Africa/Cairo' }),
    share: f.boolean(),
    active: f.boolean({ default: true }),
  },
  methods: {
    context_get: {
      api: 'model', params: [],
      impl: (env) => {
        const u = env.sudo().m('res.users').browse(env.uid);
        return { lang: u.lang || 'en_US', tz: u.tz || false, uid: env.uid };
      },
    },
  },
});
