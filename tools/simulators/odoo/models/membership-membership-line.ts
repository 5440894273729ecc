import type { Env } from '../engine/env';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';

/** Membership state from the linked invoice, as the membership addon computes it. */
function state(env: Env, row: Row): string {
  if (row.date_cancel) return 'canceled';
  if (Number(row.member_price) === 0 && !row.account_invoice_line) return 'free';
  if (typeof row.account_invoice_line !== 'number') return 'none';
  const line = env.sudo().m('account.move.line').browse(row.account_invoice_line);
  const move = env.sudo().m('account.move');
  const inv = move.browse(line.move_id as number);
  if (inv.state === 'draft') return 'waiting';
  if (inv.state === 'cancel') return 'canceled';
  const ps = move.value(inv, 'payment_state');
  if (ps === 'paid' || ps === 'in_payment') return 'paid';
  if (row.date_to && String(row.date_to) < env.today()) return 'old';
  return 'invoiced';
}

export default defineModel({
  name: 'membership.membership_line', description: 'Membership Line', module: 'membership', order: 'id desc', until: 18,
  displayName: (row, env) => String(env.sudo().m('product.product').displayName(env.sudo().m('product.product').browse(row.membership_id as number))),
  fields: {
    partner: f.many2one('res.partner', { required: true }),
    membership_id: f.many2one('product.product', { required: true, string: 'Membership' }),
    date_from: f.date({ string: 'From' }),
    date_to: f.date({ string: 'To' }),
    date_cancel: f.date({ string: 'Cancel date' }),
    date: f.date({ string: 'Join Date', default: (env) => env.today() }),
    member_price: f.float({ required: true }),
    account_invoice_line: f.many2one('account.move.line'),
    account_invoice_id: f.many2one('account.move', { compute: (row, env) => (typeof row.account_invoice_line === 'number' ? env.sudo().m('account.move.line').browse(row.account_invoice_line).move_id : false) }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    state: f.selection([
      ['none', 'Non Member'], ['canceled', 'Cancelled Member'], ['old', 'Old Member'], ['waiting', 'Waiting Member'],
      ['invoiced', 'Invoiced Member'], ['free', 'Free Member'], ['paid', 'Paid Member'],
    ], { compute: (row, env) => state(env, row) }),
  },
});
