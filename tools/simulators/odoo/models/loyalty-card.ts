import { randomBytes } from 'node:crypto';
import { defineModel } from '../engine/registry';
import { ValidationError } from '../engine/exceptions';
import { f } from '../engine/types';

/** A loyalty card / coupon: unique code, a points balance, optionally a partner. */
export default defineModel({
  name: 'loyalty.card', description: 'Loyalty Coupon', module: 'loyalty', order: 'id', recName: 'code',
  mailThread: true,
  fields: {
    code: f.char({ required: true, default: () => `044${randomBytes(6).toString('hex').slice(0, 9)}` }),
    points: f.float({ string: 'Balance' }),
    points_display: f.char({ compute: (row, env) => {
      const p = env.sudo().m('loyalty.program').browse(row.program_id as number);
      return `${Number(row.points).toFixed(2)} ${String(p.portal_point_name || 'Points')}`;
    } }),
    partner_id: f.many2one('res.partner'),
    program_id: f.many2one('loyalty.program', { required: true }),
    program_type: f.char({ compute: (row, env) => env.sudo().m('loyalty.program').browse(row.program_id as number).program_type }),
    expiration_date: f.date(),
    use_count: f.integer(),
    active: f.boolean({ default: true, since: 18 }),
    history_ids: f.one2many('loyalty.history', 'card_id', { since: 18 }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  hooks: {
    constrain: (env, row) => {
      const dup = env.sudo().withContext({ active_test: false }).m('loyalty.card').search([['code', '=', row.code], ['id', '!=', row.id]]);
      if (dup.length) throw new ValidationError('The coupon code must be unique!');
    },
  },
});
