import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

/**
 * Simplified reconciliation: how much of a payment settles which invoice (Odoo links the
 * receivable journal items; the simulator links the documents).
 */
export default defineModel({
  name: 'account.partial.reconcile', description: 'Partial Reconcile', module: 'account', order: 'id',
  fields: {
    payment_id: f.many2one('account.payment', { required: true }),
    invoice_id: f.many2one('account.move', { required: true }),
    amount: f.monetary({ required: true }),
    max_date: f.date({ default: (env) => env.today() }),
  },
});
