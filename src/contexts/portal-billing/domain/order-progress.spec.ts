import { trackOrder } from './order-progress';
import type { OrderRecord } from './portal.types';

const order = (over: Partial<OrderRecord>): OrderRecord => ({
  id: 1, name: 'S00001', state: 'sale', dateOrder: '2025-01-01T10:00:00.000Z', amountTotal: 100, currency: 'USD',
  invoiceStatus: 'to invoice', deliveryStatus: 'pending', invoiceIds: [], partnerId: 7, ...over,
});

describe('trackOrder', () => {
  it('walks a shipped order through its steps', () => {
    expect(trackOrder(order({ state: 'draft' }), [])).toMatchObject({ stage: 'quotation', progress: 17 });
    expect(trackOrder(order({}), [])).toMatchObject({ stage: 'confirmed', progress: 33 });
    expect(trackOrder(order({ deliveryStatus: 'partial' }), [])).toMatchObject({ stage: 'shipping', progress: 50 });
    expect(trackOrder(order({ deliveryStatus: 'full' }), [])).toMatchObject({ stage: 'delivered', progress: 67 });
    const invoiced = order({ deliveryStatus: 'full', invoiceStatus: 'invoiced', invoiceIds: [5] });
    expect(trackOrder(invoiced, [{ id: 5, state: 'posted', paymentState: 'not_paid' }])).toMatchObject({ stage: 'invoiced', progress: 83 });
    expect(trackOrder(invoiced, [{ id: 5, state: 'posted', paymentState: 'paid' }])).toMatchObject({ stage: 'paid', progress: 100 });
  });

  it('skips shipping steps for service-only orders and ignores draft invoices', () => {
    const svc = order({ deliveryStatus: null, invoiceStatus: 'invoiced', invoiceIds: [5, 6] });
    expect(trackOrder(svc, [{ id: 5, state: 'draft', paymentState: 'not_paid' }])).toMatchObject({ stage: 'confirmed', progress: 50 });
    const t = trackOrder(svc, [{ id: 5, state: 'posted', paymentState: 'in_payment' }, { id: 6, state: 'cancel', paymentState: null }]);
    expect(t).toMatchObject({ stage: 'paid', progress: 100 });
    expect(t.steps.map((s) => s.key)).toEqual(['quotation', 'confirmed', 'invoiced', 'paid']);
  });

  it('never counts a later step while an earlier one is open, and reports cancelled orders', () => {
    // Invoiced up-front (invoice policy "ordered") before anything shipped.
    const early = order({ deliveryStatus: 'pending', invoiceStatus: 'invoiced', invoiceIds: [5] });
    expect(trackOrder(early, [{ id: 5, state: 'posted', paymentState: 'paid' }])).toMatchObject({ stage: 'confirmed' });
    expect(trackOrder(order({ state: 'cancel' }), [])).toMatchObject({ stage: 'cancelled', progress: 0 });
    // An invoice id that is not this order's does not count.
    expect(trackOrder(order({ deliveryStatus: null, invoiceStatus: 'invoiced', invoiceIds: [5] }), [{ id: 9, state: 'posted', paymentState: 'paid' }]))
      .toMatchObject({ stage: 'confirmed' });
  });
});
