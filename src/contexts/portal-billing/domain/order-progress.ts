import type { InvoiceStateRecord, OrderRecord } from './portal.types';

export type OrderStepKey = 'quotation' | 'confirmed' | 'shipping' | 'delivered' | 'invoiced' | 'paid';
export type OrderStage = OrderStepKey | 'cancelled';

export interface OrderTracking {
  stage: OrderStage;
  /** 0–100, share of the order's steps done. */
  progress: number;
  steps: Array<{ key: OrderStepKey; label: string; done: boolean }>;
}

const LABELS: Record<OrderStepKey, string> = {
  quotation: 'Quotation', confirmed: 'Order confirmed', shipping: 'Shipping', delivered: 'Delivered', invoiced: 'Invoiced', paid: 'Paid',
};

/**
 * Tracking stage and progress from the order's state, its delivery state (sale_stock's
 * delivery_status; absent for service-only orders, which then skip the shipping steps) and the
 * state of its invoices (all posted invoices paid → paid). Steps complete in order: a later
 * step never counts while an earlier one is open.
 */
export function trackOrder(order: OrderRecord, invoices: InvoiceStateRecord[]): OrderTracking {
  const hasDelivery = order.deliveryStatus !== null;
  const keys: OrderStepKey[] = hasDelivery
    ? ['quotation', 'confirmed', 'shipping', 'delivered', 'invoiced', 'paid']
    : ['quotation', 'confirmed', 'invoiced', 'paid'];

  if (order.state === 'cancel') {
    return { stage: 'cancelled', progress: 0, steps: keys.map((key) => ({ key, label: LABELS[key], done: false })) };
  }

  const confirmed = order.state === 'sale' || order.state === 'done';
  const own = invoices.filter((i) => order.invoiceIds.includes(i.id) && i.state === 'posted');
  const invoiced = confirmed && own.length > 0 && order.invoiceStatus !== 'to invoice';
  const paid = invoiced && own.every((i) => i.paymentState === 'paid' || i.paymentState === 'in_payment' || i.paymentState === 'reversed');
  const reached: Record<OrderStepKey, boolean> = {
    quotation: true,
    confirmed,
    shipping: confirmed && (order.deliveryStatus === 'started' || order.deliveryStatus === 'partial' || order.deliveryStatus === 'full'),
    delivered: confirmed && order.deliveryStatus === 'full',
    invoiced,
    paid,
  };

  let stillDone = true;
  const steps = keys.map((key) => {
    stillDone = stillDone && reached[key];
    return { key, label: LABELS[key], done: stillDone };
  });
  const done = steps.filter((s) => s.done);
  return { stage: done[done.length - 1].key, progress: Math.round((done.length / steps.length) * 100), steps };
}
