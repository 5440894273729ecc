import { OdooAbsMapping, parseLabelMap } from './odoo-abs-mapping';

describe('Odoo → ABS label mapping', () => {
  const m = new OdooAbsMapping();

  it('maps every Odoo 17/18 payment_state to a label ABS accepts', () => {
    const accepted = new Set(['paid', 'not_paid', 'partial', 'in_payment']);
    for (const v of ['not_paid', 'in_payment', 'paid', 'partial', 'reversed', 'invoicing_legacy', 'blocked']) expect(accepted.has(m.paymentLabel(v))).toBe(true);
    expect(m.paymentLabel('reversed')).toBe('not_paid');
    expect(m.paymentLabel(undefined)).toBe('not_paid');
    expect(m.paymentLabel('something_new')).toBe('not_paid');
  });

  it('maps Odoo 17 subscription codes to the sale.subscription stage names', () => {
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '3_progress' })).toBe('in_progress');
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '2_renewal' })).toBe('to_renew');
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '6_churn' })).toBe('closed');
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '1_draft' })).toBe('draft');
  });

  it('uses the order state when there is no subscription, and cancel wins', () => {
    expect(m.subscriptionLabel({ orderState: 'sale' })).toBe('in_progress');
    expect(m.subscriptionLabel({ orderState: 'sent' })).toBe('draft');
    expect(m.subscriptionLabel({ orderState: 'cancel', subscriptionState: '3_progress' })).toBe('cancel');
  });

  it('treats a running subscription past its end date as closed', () => {
    const now = new Date('2025-03-02T00:00:00Z');
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '3_progress', endDate: '2025-03-01', now })).toBe('closed');
    expect(m.subscriptionLabel({ orderState: 'sale', subscriptionState: '3_progress', endDate: '2025-03-02', now })).toBe('in_progress');
  });

  it('lets configuration override single entries', () => {
    const custom = new OdooAbsMapping({ subscription: parseLabelMap('{"4_paused":"closed"}', 'X'), payment: { partial: 'not_paid' } });
    expect(custom.subscriptionLabel({ orderState: 'sale', subscriptionState: '4_paused' })).toBe('closed');
    expect(custom.paymentLabel('partial')).toBe('not_paid');
    expect(custom.paymentLabel('paid')).toBe('paid');
    expect(() => parseLabelMap('{"a":1}', 'ABS_PAYMENT_STATE_MAP')).toThrow(/ABS_PAYMENT_STATE_MAP/);
  });
});
