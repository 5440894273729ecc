import type { Env } from '../engine/env';
import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';

const STATES_17: Array<[string, string]> = [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']];
const STATES_18: Array<[string, string]> = [['draft', 'Draft'], ['in_process', 'In Process'], ['paid', 'Paid'], ['canceled', 'Canceled'], ['rejected', 'Rejected']];

function reconciled(env: Env, row: Row): number[] {
  return [...new Set(env.sudo().m('account.partial.reconcile').searchRows([['payment_id', '=', row.id]]).map((p) => p.invoice_id as number))];
}

/** The state a posted payment reaches: 17 "posted"; 18+ "paid" on cash journals, "in_process" otherwise. */
export function postedState(env: Env, journalId: number | false): string {
  if (env.version <= 17) return 'posted';
  const type = typeof journalId === 'number' ? env.sudo().m('account.journal').browse(journalId).type : 'bank';
  return type === 'cash' ? 'paid' : 'in_process';
}

/** Numbers and posts payments (draft → posted / in_process / paid). */
export function postPayments(env: Env, ids: number[]): void {
  const su = env.sudo();
  const m = su.m('account.payment');
  for (const row of m.rows(ids)) {
    if (row.state !== 'draft') throw new UserError('Only a draft payment can be posted.');
    if (!(Number(row.amount) > 0)) throw new UserError('The payment amount must be strictly positive.');
    const journal = typeof row.journal_id === 'number' ? su.m('account.journal').browse(row.journal_id) : undefined;
    const year = String(row.date || env.today()).slice(0, 4);
    const prefix = `P${String(journal?.code ?? 'BNK')}/${year}/`;
    const used = m.searchRows([['name', '=like', `${prefix}%`]]).map((r) => Number(String(r.name).slice(prefix.length)) || 0);
    m.write([row.id], { state: postedState(env, row.journal_id as number | false), name: `${prefix}${String(Math.max(0, ...used) + 1).padStart(5, '0')}` });
  }
}

export default defineModel({
  name: 'account.payment', description: 'Payments', module: 'account', order: 'date desc, name desc',
  mailThread: true,
  displayName: (row) => (row.name && row.name !== '/' ? String(row.name) : 'Draft Payment'),
  fields: {
    name: f.char({ default: '/' }),
    date: f.date({ required: true, default: (env) => env.today() }),
    amount: f.monetary(),
    currency_id: f.many2one('res.currency', { default: (env) => env.sudo().m('res.company').browse(env.ref('base.main_company')).currency_id ?? false }),
    payment_type: f.selection([['outbound', 'Send'], ['inbound', 'Receive']], { required: true, default: 'inbound' }),
    partner_type: f.selection([['customer', 'Customer'], ['supplier', 'Vendor']], { default: 'customer' }),
    partner_id: f.many2one('res.partner', { string: 'Customer/Vendor' }),
    journal_id: f.many2one('account.journal', { default: (env) => env.sudo().m('account.journal').search([['type', '=', 'bank']], { limit: 1 })[0] ?? false }),
    payment_method_line_id: f.many2one('account.payment.method.line', {
      default: (env, vals) => env.sudo().m('account.payment.method.line').search([
        ['payment_type', '=', vals.payment_type ?? 'inbound'],
        ...(typeof vals.journal_id === 'number' ? [['journal_id', '=', vals.journal_id]] : []),
      ], { limit: 1 })[0] ?? false,
    }),
    'state#17': f.selection(STATES_17, { default: 'draft', until: 17 }),
    'state#18': f.selection(STATES_18, { default: 'draft', since: 18 }),
    ref: f.char({ string: 'Reference', until: 17 }),
    memo: f.char({ since: 18 }),
    payment_reference: f.char(),
    move_id: f.many2one('account.move', { string: 'Journal Entry' }),
    is_matched: f.boolean({ string: 'Is Matched With a Bank Statement' }),
    is_reconciled: f.boolean({ compute: (row, env) => {
      const paid = env.sudo().m('account.partial.reconcile').searchRows([['payment_id', '=', row.id]]).reduce((s, p) => s + Number(p.amount), 0);
      return Number(row.amount) > 0 && Math.abs(paid - Number(row.amount)) < 0.005;
    } }),
    reconciled_invoice_ids: f.many2many('account.move', { compute: (row, env) => reconciled(env, row) }),
    reconciled_invoices_count: f.integer({ compute: (row, env) => reconciled(env, row).length }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  methods: {
    // All return None: over XML-RPC Odoo commits and then faults with "cannot marshal None".
    action_post: { api: 'multi', params: [], impl: (env, ids) => { postPayments(env, ids); return null; } },
    action_draft: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        su.m('account.partial.reconcile').unlink(su.m('account.partial.reconcile').search([['payment_id', 'in', ids]]));
        su.m('account.payment').write(ids, { state: 'draft' });
        return null;
      },
    },
    action_cancel: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        su.m('account.partial.reconcile').unlink(su.m('account.partial.reconcile').search([['payment_id', 'in', ids]]));
        su.m('account.payment').write(ids, { state: env.version <= 17 ? 'cancel' : 'canceled' });
        return null;
      },
    },
    /** 18+: in_process → paid (what matching the bank statement line does). */
    action_validate: {
      api: 'multi', params: [], since: 18,
      impl: (env, ids) => { env.sudo().m('account.payment').write(ids, { state: 'paid', is_matched: true }); return null; },
    },
  },
});
