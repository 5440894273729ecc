import { defineModel } from '../engine/registry';
import { f } from '../engine/types';
import { cancelOrders } from './sale-order';

/** The wizard action_cancel returns for confirmed orders. */
export default defineModel({
  name: 'sale.order.cancel', description: 'Sales Order Cancel', module: 'sale', transient: true,
  fields: {
    order_id: f.many2one('sale.order', { required: true, default: (env) => (env.context.default_order_id as number) ?? false }),
    subject: f.char(),
    body: f.html(),
  },
  methods: {
    action_cancel: { api: 'multi', params: [], impl: (env, ids) => { const w = env.sudo().m('sale.order.cancel').rows(ids); return cancelOrders(env, w.map((x) => x.order_id as number)); } },
    action_send_mail_and_cancel: { api: 'multi', params: [], impl: (env, ids) => { const w = env.sudo().m('sale.order.cancel').rows(ids); return cancelOrders(env, w.map((x) => x.order_id as number)); } },
  },
});
