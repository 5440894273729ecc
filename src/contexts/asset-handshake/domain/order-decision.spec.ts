import type { CommerceOrder, CommerceOrderLine } from './commerce';
import { OdooAbsMapping } from './odoo-abs-mapping';
import { decideOrder, type DecisionOptions, type OrderSnapshot } from './order-decision';

const line = (l: Partial<CommerceOrderLine>): CommerceOrderLine => ({
  id: 1, productId: 10, productName: 'x', defaultCode: null, categoryName: null, odooType: 'service', serialTracked: false,
  quantity: 1, priceUnit: 0, priceTotal: 0, isDisplayLine: false, ...l,
});
const bundle = (o: Partial<CommerceOrder> = {}): CommerceOrder => ({
  id: 42, name: 'S00042', state: 'sale', partnerId: 7, partnerName: 'Kofi', originalOrderRef: null, clientOrderRef: null, dateOrder: null,
  amountTotal: 67200, currency: 'XOF', writeDate: '2025-01-15 08:00:00', isSubscription: false, subscriptionState: null, startDate: null, endDate: null,
  lines: [
    line({ id: 101, productId: 1, defaultCode: 'MOBBAT-30AH', odooType: 'product', serialTracked: true, priceTotal: 45000 }),
    line({ id: 102, productId: 2, defaultCode: 'plan-mobbat-30ah-swap-1day-v1', priceTotal: 1200 }),
    line({ id: 103, productId: 3, defaultCode: 'DEP-30AH', priceTotal: 21000 }),
  ],
  ...o,
});
const opts: DecisionOptions = {
  rules: [{ id: 'dep', matchField: 'default_code', matchValue: 'DEP-30AH', unitType: 'contract', absTemplateId: null, absServiceId: null, priority: 100 }],
  mapping: new OdooAbsMapping(), serialSource: 'delivered',
};
const snap = (s: Partial<OrderSnapshot> = {}): OrderSnapshot => ({ order: bundle(), serials: [], invoices: [], original: null, ...s });

describe('order decision', () => {
  it('waits for the serial of a confirmed bundle order until its delivery is done', () => {
    const d = decideOrder(snap({ serials: [{ productId: 1, lotName: 'BAT-1', state: 'reserved', pickingName: 'OUT/1', dateDone: null }] }), opts);
    expect(d.allocation).toMatchObject({ action: 'ensure', waitingFor: 'serial', data: { asset_ref: null } });
    const reserved = decideOrder(snap({ serials: [{ productId: 1, lotName: 'BAT-1', state: 'reserved', pickingName: 'OUT/1', dateDone: null }] }), { ...opts, serialSource: 'reserved' });
    expect(reserved.allocation).toMatchObject({ waitingFor: null, data: { asset_ref: 'BAT-1', asset_source: 'reservation' } });
  });

  it('builds the shared identifiers from the delivered serial', () => {
    const d = decideOrder(snap({ serials: [{ productId: 1, lotName: 'BAT-1', state: 'done', pickingName: 'OUT/1', dateDone: '2025-01-16 10:00:00' }] }), opts);
    expect(d.allocation).toMatchObject({
      action: 'ensure', waitingFor: null,
      data: { contract_ref: 'S00042', contract_line_ref: 'S00042:102', asset_ref: 'BAT-1', customer_ref: '7', template_id: 'plan-mobbat-30ah-swap-1day-v1', deposit_amount: 21000, start_date: '2025-01-16', asset_source: 'delivery' },
    });
    if (d.allocation.action !== 'ensure') throw new Error('expected ensure');
    expect(d.allocation.data.service_lines.map((l) => l.contract_line_ref)).toEqual(['S00042:102', 'S00042:103']);
  });

  it('ignores a serial of another product on the same delivery', () => {
    const d = decideOrder(snap({ serials: [{ productId: 99, lotName: 'CHARGER-1', state: 'done', pickingName: 'OUT/1', dateDone: null }] }), opts);
    expect(d.allocation).toMatchObject({ waitingFor: 'serial' });
  });

  it('binds a service-only order to its original bundle order serial, or waits for it', () => {
    const renewal = bundle({ id: 43, name: 'S00043', originalOrderRef: 'S00042', lines: [line({ id: 201, defaultCode: 'plan-mobbat-30ah-swap-7day-v1' })] });
    expect(decideOrder(snap({ order: renewal }), opts).allocation).toMatchObject({ action: 'ensure', waitingFor: 'original_order', data: { origin_contract_ref: 'S00042' } });
    const bound = decideOrder(snap({ order: renewal, original: { contractRef: 'S00042', assetRef: 'BAT-1', planId: 'p' } }), opts);
    expect(bound.allocation).toMatchObject({ waitingFor: null, data: { asset_ref: 'BAT-1', asset_source: 'original_order', template_id: 'plan-mobbat-30ah-swap-7day-v1' } });
  });

  it('rejects a service-only order without an original order, and a plan line without a template', () => {
    const orphan = bundle({ lines: [line({ id: 301, defaultCode: 'plan-x' })] });
    expect(decideOrder(snap({ order: orphan }), opts).allocation).toMatchObject({ action: 'invalid', error: expect.stringMatching(/original bundle order/) });
    const noTemplate = bundle({ lines: [line({ id: 302, defaultCode: null })] });
    expect(decideOrder(snap({ order: noTemplate }), opts).allocation).toMatchObject({ action: 'invalid', error: expect.stringMatching(/template/) });
  });

  it('compensates a cancelled order and does nothing for a quotation or an order without service lines', () => {
    expect(decideOrder(snap({ order: bundle({ state: 'cancel' }) }), opts).allocation.action).toBe('compensate');
    expect(decideOrder(snap({ order: bundle({ state: 'draft' }) }), opts).allocation.action).toBe('none');
    expect(decideOrder(snap({ order: bundle({ lines: [line({ odooType: 'product', serialTracked: true })] }) }), opts).allocation.action).toBe('none');
  });

  it('starts the entitlement once a posted invoice is paid, with ABS labels', () => {
    const unpaid = decideOrder(snap({ invoices: [{ id: 1, name: 'INV/1', state: 'posted', paymentState: 'not_paid', amountTotal: 1, amountResidual: 1, invoiceDate: null, dueDate: null }] }), opts);
    expect(unpaid.entitlement.action).toBe('none');
    const draftPaid = decideOrder(snap({ invoices: [{ id: 1, name: 'INV/1', state: 'draft', paymentState: 'paid', amountTotal: 1, amountResidual: 0, invoiceDate: null, dueDate: null }] }), opts);
    expect(draftPaid.entitlement.action).toBe('none');
    const paid = decideOrder(snap({ order: bundle({ isSubscription: true, subscriptionState: '3_progress' }), invoices: [{ id: 1, name: 'INV/1', state: 'posted', paymentState: 'in_payment', amountTotal: 1, amountResidual: 0, invoiceDate: null, dueDate: null }] }), opts);
    expect(paid.entitlement).toMatchObject({ action: 'ensure', data: { odoo_subscription_id: 42, odoo_payment_state: 'in_payment', odoo_subscription_state: 'in_progress', odoo_currency_id: 'XOF', odoo_amount_total: 67200 } });
  });

  it('reports the latest invoice: an unpaid renewal after a paid deposit reads not_paid', () => {
    const d = decideOrder(snap({
      order: bundle({ isSubscription: true, subscriptionState: '2_renewal' }),
      invoices: [
        { id: 1, name: 'INV/1', state: 'posted', paymentState: 'paid', amountTotal: 1, amountResidual: 0, invoiceDate: null, dueDate: null },
        { id: 2, name: 'INV/2', state: 'posted', paymentState: 'not_paid', amountTotal: 1, amountResidual: 1, invoiceDate: null, dueDate: null },
      ],
    }), opts);
    expect(d.currentSync).toMatchObject({ odoo_payment_state: 'not_paid', odoo_subscription_state: 'to_renew' });
  });
});
