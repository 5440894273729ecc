import { randomUUID } from 'node:crypto';
import type { Env } from '../engine/env';
import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import { lineAmounts } from './account-move-line';

const round = (n: number) => Math.round(n * 100) / 100;

function lines(env: Env, row: Row): Row[] {
  return env.sudo().m('account.move.line').searchRows([['move_id', '=', row.id], ['display_type', '=', 'product']]);
}

export function moveTotals(env: Env, row: Row): { untaxed: number; tax: number; total: number } {
  let untaxed = 0;
  let tax = 0;
  for (const l of lines(env, row)) {
    const a = lineAmounts(env, l);
    untaxed += a.subtotal;
    tax += a.tax;
  }
  return { untaxed: round(untaxed), tax: round(tax), total: round(untaxed + tax) };
}

export function paidAmount(env: Env, row: Row): number {
  if (!env.has('account.partial.reconcile')) return 0;
  return round(env.sudo().m('account.partial.reconcile').searchRows([['invoice_id', '=', row.id]]).reduce((s, p) => s + Number(p.amount), 0));
}

export function residual(env: Env, row: Row): number {
  if (row.state === 'cancel') return 0;
  return Math.max(0, round(moveTotals(env, row).total - paidAmount(env, row)));
}

function paymentState(env: Env, row: Row): string {
  if (row.state !== 'posted' || !String(row.move_type).match(/invoice|refund|receipt/)) return 'not_paid';
  const total = moveTotals(env, row).total;
  const res = residual(env, row);
  if (total > 0 && res <= 0.004) {
    // Paid through an unmatched (outstanding) payment: "In Payment" until the bank matches it.
    const partials = env.sudo().m('account.partial.reconcile').searchRows([['invoice_id', '=', row.id]]);
    const pay = env.sudo().m('account.payment');
    const unmatched = partials.some((p) => {
      const payment = pay.browse(p.payment_id as number);
      return env.version >= 18 ? payment.state === 'in_process' : !payment.is_matched;
    });
    return unmatched ? 'in_payment' : 'paid';
  }
  if (res < total) return 'partial';
  return 'not_paid';
}

const SIGNED_TYPES = ['out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt'];

export default defineModel({
  name: 'account.move', description: 'Journal Entry', module: 'account', order: 'date desc, name desc, invoice_date desc, id desc',
  mailThread: true,
  displayName: (row) => (row.name && row.name !== '/' ? String(row.name) : row.move_type === 'out_invoice' ? `Draft Invoice (* ${row.id})` : `Draft Entry (* ${row.id})`),
  fields: {
    name: f.char({ default: '/', string: 'Number' }),
    ref: f.char({ string: 'Reference' }),
    move_type: f.selection([
      ['entry', 'Journal Entry'], ['out_invoice', 'Customer Invoice'], ['out_refund', 'Customer Credit Note'], ['in_invoice', 'Vendor Bill'],
      ['in_refund', 'Vendor Credit Note'], ['out_receipt', 'Sales Receipt'], ['in_receipt', 'Purchase Receipt'],
    ], { required: true, default: 'entry', string: 'Type' }),
    state: f.selection([['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { required: true, default: 'draft' }),
    payment_state: f.selection([
      ['not_paid', 'Not Paid'], ['in_payment', 'In Payment'], ['paid', 'Paid'], ['partial', 'Partially Paid'], ['reversed', 'Reversed'],
      ['invoicing_legacy', 'Invoicing App Legacy'], ['blocked', 'Blocked'],
    ], { compute: (row, env) => paymentState(env, row) }),
    partner_id: f.many2one('res.partner'),
    commercial_partner_id: f.many2one('res.partner', { compute: (row, env) => (typeof row.partner_id === 'number' ? env.m('res.partner').value(env.sudo().m('res.partner').browse(row.partner_id), 'commercial_partner_id') : false) }),
    invoice_date: f.date({ string: 'Invoice/Bill Date' }),
    invoice_date_due: f.date({ string: 'Due Date' }),
    date: f.date({ required: true, default: (env) => env.today() }),
    invoice_origin: f.char({ string: 'Origin' }),
    payment_reference: f.char(),
    narration: f.html({ string: 'Terms and Conditions' }),
    currency_id: f.many2one('res.currency', { default: (env) => env.sudo().m('res.company').browse(env.ref('base.main_company')).currency_id ?? false }),
    journal_id: f.many2one('account.journal', {
      default: (env, vals) => {
        const type = String(vals.move_type ?? env.context.default_move_type ?? 'entry');
        const jt = type.startsWith('out_') ? 'sale' : type.startsWith('in_') ? 'purchase' : 'general';
        return env.sudo().m('account.journal').search([['type', '=', jt]], { limit: 1 })[0] ?? false;
      },
    }),
    invoice_line_ids: f.one2many('account.move.line', 'move_id', { string: 'Invoice lines' }),
    line_ids: f.one2many('account.move.line', 'move_id', { string: 'Journal Items' }),
    amount_untaxed: f.monetary({ compute: (row, env) => moveTotals(env, row).untaxed }),
    amount_tax: f.monetary({ compute: (row, env) => moveTotals(env, row).tax }),
    amount_total: f.monetary({ compute: (row, env) => moveTotals(env, row).total }),
    amount_residual: f.monetary({ string: 'Amount Due', compute: (row, env) => residual(env, row) }),
    amount_total_signed: f.monetary({ compute: (row, env) => (SIGNED_TYPES.includes(String(row.move_type)) && String(row.move_type).includes('refund') ? -1 : 1) * moveTotals(env, row).total }),
    invoice_user_id: f.many2one('res.users', { string: 'Salesperson' }),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
    access_url: f.char({ compute: (row) => `/my/invoices/${row.id}` }),
    access_token: f.char(),
  },
  hooks: {
    afterCreate: (env, row) => {
      if (typeof row.partner_id === 'number' && String(row.move_type).startsWith('out_')) {
        const p = env.sudo().m('res.partner');
        const commercial = p.value(p.browse(row.partner_id), 'commercial_partner_id') as number;
        p.write([commercial], { customer_rank: Number(p.browse(commercial).customer_rank || 0) + 1 });
      }
    },
    beforeWrite: (env, rows, vals) => {
      const locked = ['partner_id', 'invoice_line_ids', 'line_ids', 'currency_id', 'move_type', 'journal_id'];
      if (rows.some((r) => r.state === 'posted') && locked.some((k) => k in vals) && !env.context.skip_readonly_check) {
        throw new UserError('You cannot modify a posted entry of this journal. First you should set the entry to draft.');
      }
    },
    beforeUnlink: (_env, rows) => {
      if (rows.some((r) => r.state === 'posted')) throw new UserError('You cannot delete an entry which has been posted once.');
    },
  },
  methods: {
    /** draft → posted: numbers the entry per journal and year (INV/2025/00001). Returns False like 17+. */
    action_post: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const m = su.m('account.move');
        for (const row of m.rows(ids)) {
          if (row.state === 'posted') throw new UserError('The entry is already posted.');
          if (String(row.move_type) !== 'entry') {
            if (!row.partner_id) throw new UserError('The field \'Customer\' is required, please complete it to validate the Customer Invoice.');
            if (!lines(env, row).length) throw new UserError('You need to add a line before posting.');
          }
          const date = (row.invoice_date as string) || env.today();
          const journal = typeof row.journal_id === 'number' ? su.m('account.journal').browse(row.journal_id) : undefined;
          const prefix = `${String(journal?.code ?? 'MISC')}/${date.slice(0, 4)}/`;
          const used = m.searchRows([['name', '=like', `${prefix}%`]]).map((r) => Number(String(r.name).slice(prefix.length)) || 0);
          const name = row.name && row.name !== '/' ? row.name : `${prefix}${String(Math.max(0, ...used) + 1).padStart(5, '0')}`;
          m.write([row.id], {
            state: 'posted', name, date: row.date || date,
            ...(String(row.move_type) !== 'entry' ? { invoice_date: date, invoice_date_due: row.invoice_date_due || date } : {}),
          });
        }
        return false;
      },
    },
    button_draft: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        for (const row of su.m('account.move').rows(ids)) {
          if (su.m('account.partial.reconcile').count([['invoice_id', '=', row.id]])) throw new UserError('You cannot reset to draft an entry that has payments; unreconcile them first.');
        }
        su.m('account.move').write(ids, { state: 'draft' });
        return null;
      },
    },
    button_cancel: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        if (su.m('account.move').rows(ids).some((r) => r.state !== 'draft')) throw new UserError('Only draft journal entries can be cancelled.');
        su.m('account.move').write(ids, { state: 'cancel' });
        return null;
      },
    },
    /** The "Register Payment" button: answers the wizard action (the UI then creates it). */
    action_register_payment: {
      api: 'multi', params: [],
      impl: (_env, ids) => ({
        name: 'Register Payment', res_model: 'account.payment.register', view_mode: 'form', target: 'new', type: 'ir.actions.act_window',
        context: { active_model: 'account.move', active_ids: ids },
      }),
    },
    /** portal.mixin: the customer-facing URL, with an access token created on first use. */
    get_portal_url: {
      api: 'multi', params: [{ name: 'suffix', default: null }, { name: 'report_type', default: null }, { name: 'download', default: null }, { name: 'query_string', default: null }, { name: 'anchor', default: null }],
      impl: (env, ids, kw) => {
        const su = env.sudo().m('account.move');
        const row = su.browse(ids[0]);
        if (!row.access_token) su.write([row.id], { access_token: randomUUID() });
        const params = new URLSearchParams({ access_token: String(su.browse(row.id).access_token) });
        if (kw.report_type) params.set('report_type', String(kw.report_type));
        if (kw.download) params.set('download', 'true');
        return `/my/invoices/${row.id}${kw.suffix ? String(kw.suffix) : ''}?${params.toString()}${kw.query_string ? `&${String(kw.query_string).replace(/^[?&]/, '')}` : ''}${kw.anchor ? `#${String(kw.anchor)}` : ''}`;
      },
    },
  },
});
