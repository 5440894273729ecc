import { defineModel } from '../engine/registry';
import { f } from '../engine/types';

export default defineModel({
  name: 'account.payment.method.line', description: 'Payment Methods', module: 'account', order: 'sequence, id',
  fields: {
    name: f.char({ required: true }),
    code: f.char({ default: 'manual' }),
    payment_type: f.selection([['inbound', 'Inbound'], ['outbound', 'Outbound']], { required: true }),
    journal_id: f.many2one('account.journal', { required: true }),
    sequence: f.integer({ default: 10 }),
  },
});
