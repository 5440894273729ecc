import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'loyalty.program', description: 'Loyalty Program', module: 'loyalty', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    active: f.boolean({ default: true }),
    sequence: f.integer({ default: 10 }),
    program_type: f.selection([
      ['coupons', 'Coupons'], ['gift_card', 'Gift Card'], ['loyalty', 'Loyalty Cards'], ['promotion', 'Promotions'], ['ewallet', 'eWallet'],
      ['promo_code', 'Discount Code'], ['buy_x_get_y', 'Buy X Get Y'], ['next_order_coupons', 'Next Order Coupons'],
    ], { required: true, default: 'promotion' }),
    trigger: f.selection([['auto', 'Automatic'], ['with_code', 'Use a code']], { default: 'auto' }),
    applies_on: f.selection([['current', 'Current order'], ['future', 'Future orders'], ['both', 'Current & Future orders']], { default: 'current' }),
    date_from: f.date({ string: 'Start Date' }),
    date_to: f.date({ string: 'Validity' }),
    limit_usage: f.boolean(),
    max_usage: f.integer(),
    portal_visible: f.boolean(),
    portal_point_name: f.char({ default: 'Points' }),
    rule_ids: f.one2many('loyalty.rule', 'program_id', { string: 'Conditional rules' }),
    reward_ids: f.one2many('loyalty.reward', 'program_id', { string: 'Rewards' }),
    coupon_ids: f.one2many('loyalty.card', 'program_id', { string: 'Coupons' }),
    coupon_count: f.integer({ compute: (row, env) => env.sudo().m('loyalty.card').count([['program_id', '=', row.id]]) }),
    currency_id: f.many2one('res.currency', { default: (env) => env.sudo().m('res.company').browse(env.ref('base.main_company')).currency_id ?? false }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
});
