import type { Env } from '../engine/env';
import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import { residual } from './account-move';
import { postPayments } from './account-payment';

function invoices(env: Env, row: Row): Row[] {
  return env.sudo().m('account.move').rows((row.invoice_ids as number[]) ?? []);
}

/** The "Register Payment" wizard: create it with context active_model/active_ids, then action_create_payments. */
export default defineModel({
  name: 'account.payment.register', description: 'Pay', module: 'account', transient: true,
  fields: {
    invoice_ids: f.many2many('account.move', {
      default: (env) => (env.context.active_model === 'account.move' && Array.isArray(env.context.active_ids) ? (env.context.active_ids as number[]) : []),
    }),
    payment_date: f.date({ required: true, default: (env) => env.today() }),
    amount: f.monetary({
      default: (env) => {
        const ids = env.context.active_model === 'account.move' && Array.isArray(env.context.active_ids) ? (env.context.active_ids as number[]) : [];
        const m = env.sudo().m('account.move');
        return ids.filter((i) => m.exists(i)).reduce((s, i) => s + residual(env, m.browse(i)), 0);
      },
    }),
    journal_id: f.many2one('account.journal', { default: (env) => env.sudo().m('account.journal').search([['type', 'in', ['bank', 'cash']]], { limit: 1 })[0] ?? false }),
    payment_method_line_id: f.many2one('account.payment.method.line'),
    communication: f.char({ string: 'Memo' }),
    group_payment: f.boolean({ default: true }),
    partner_id: f.many2one('res.partner', { compute: (row, env) => invoices(env, row)[0]?.partner_id ?? false }),
    source_amount: f.monetary({ compute: (row, env) => invoices(env, row).reduce((s, i) => s + residual(env, i), 0) }),
    payment_difference: f.monetary({ compute: (row, env) => invoices(env, row).reduce((s, i) => s + residual(env, i), 0) - Number(row.amount) }),
  },
  hooks: {
    afterCreate: (env, row) => {
      const inv = invoices(env, row);
      if (!inv.length) throw new UserError('The register payment wizard should only be called on account.move or account.move.line records.');
      if (inv.some((i) => i.state !== 'posted')) throw new UserError('You can only register payment for posted journal entries.');
      if (inv.every((i) => residual(env, i) <= 0)) throw new UserError("You can't register a payment because there is nothing left to pay on the selected journal items.");
      if (!row.communication) row.communication = inv.map((i) => String(i.name)).join(' ');
    },
  },
  methods: {
    /** Creates and posts the payment, reconciles it with the invoices (oldest due first). */
    action_create_payments: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const created: number[] = [];
        for (const wiz of su.m('account.payment.register').rows(ids)) {
          const inv = invoices(env, wiz).sort((a, b) => String(a.invoice_date_due).localeCompare(String(b.invoice_date_due)));
          const memoField = env.version <= 17 ? 'ref' : 'memo';
          const [pid] = su.m('account.payment').create([{
            amount: wiz.amount, date: wiz.payment_date, journal_id: wiz.journal_id, partner_id: inv[0].partner_id,
            payment_type: 'inbound', partner_type: 'customer', [memoField]: wiz.communication,
            ...(wiz.payment_method_line_id ? { payment_method_line_id: wiz.payment_method_line_id } : {}),
          }]);
          postPayments(env, [pid]);
          let left = Number(wiz.amount);
          for (const i of inv) {
            if (left <= 0) break;
            const take = Math.min(left, residual(env, i));
            if (take <= 0) continue;
            su.m('account.partial.reconcile').create([{ payment_id: pid, invoice_id: i.id, amount: Math.round(take * 100) / 100 }]);
            left -= take;
          }
          created.push(pid);
        }
        if (env.context.dont_redirect_to_payments) return true;
        return created.length === 1
          ? { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false }, view_mode: 'form', res_id: created[0] }
          : { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false }, view_mode: 'tree,form', domain: [['id', 'in', created]] };
      },
    },
  },
});
