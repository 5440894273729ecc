import { computeArrears } from './arrears';
import type { InvoiceLineRecord, InvoiceRecord, ServiceRecord } from './portal.types';

const service = (key: string, saleLineIds: number[], productIds: number[]): ServiceRecord => ({
  key, orderId: 1, orderName: 'SUB/1', saleLineIds, productIds, name: key, status: 'active', odooState: '3_progress', monthlyFee: 50,
  currency: 'USD', startDate: '2025-01-01', nextBillingDate: '2025-04-01', partnerId: 7, products: [],
});
const invoice = (id: number, over: Partial<InvoiceRecord>): InvoiceRecord => ({
  id, number: `INV/${id}`, moveType: 'out_invoice', state: 'posted', paymentState: 'not_paid', invoiceDate: '2025-01-01',
  dueDate: '2025-01-15', amountTotal: 100, amountResidual: 100, currency: 'USD', partnerId: 7, commercialPartnerId: 7, origin: null, portalPath: null, ...over,
});
const line = (id: number, invoiceId: number, amountTotal: number, saleLineIds: number[], productId: number | null = null): InvoiceLineRecord =>
  ({ id, invoiceId, productId, saleLineIds, name: `line ${id}`, amountTotal });

describe('computeArrears', () => {
  const fibre = service('sub:1', [11], [100]);
  const addon = service('sub:2', [21], [200]);

  it('flags only the service an overdue add-on invoice bills', () => {
    const r = computeArrears([fibre, addon], [invoice(1, { amountTotal: 20, amountResidual: 20 }), invoice(2, { dueDate: '2025-03-30' })],
      [line(1, 1, 20, [21]), line(2, 2, 100, [11])], '2025-02-14');
    expect(r.byService.find((s) => s.serviceKey === 'sub:2')).toMatchObject({ inArrears: true, overdueAmount: 20, maxDaysOverdue: 30, overdueInvoiceIds: [1] });
    expect(r.byService.find((s) => s.serviceKey === 'sub:1')).toMatchObject({ inArrears: false, overdueAmount: 0 });
    expect(r).toMatchObject({ totalDue: 120, overdueTotal: 20, oldestDaysOverdue: 30, unattributedOverdue: 0 });
    expect(r.overdueInvoices).toEqual([expect.objectContaining({ invoiceId: 1, daysOverdue: 30, serviceKeys: ['sub:2'] })]);
  });

  it('splits a partly paid invoice over its services in proportion to the lines', () => {
    const r = computeArrears([fibre, addon], [invoice(1, { amountTotal: 100, amountResidual: 50, paymentState: 'partial' })],
      [line(1, 1, 80, [11]), line(2, 1, 20, [21])], '2025-02-01');
    expect(r.byService.map((s) => [s.serviceKey, s.overdueAmount])).toEqual([['sub:1', 40], ['sub:2', 10]]);
  });

  it('falls back to an unambiguous product and keeps the rest unattributed', () => {
    const r = computeArrears([fibre, addon], [invoice(1, { amountResidual: 100 })],
      [line(1, 1, 60, [], 200), line(2, 1, 40, [], 999)], '2025-02-01');
    expect(r.byService.find((s) => s.serviceKey === 'sub:2')).toMatchObject({ inArrears: true, overdueAmount: 60 });
    expect(r.unattributedOverdue).toBe(40);
    const twoSellers = computeArrears([service('a', [], [5]), service('b', [], [5])], [invoice(1, {})], [line(1, 1, 100, [], 5)], '2025-02-01');
    expect(twoSellers.byService.every((s) => !s.inArrears)).toBe(true);
    expect(twoSellers.unattributedOverdue).toBe(100);
  });

  it('ignores paid, in-payment, draft and not-yet-due invoices; counts open credit notes apart', () => {
    const r = computeArrears([fibre], [
      invoice(1, { paymentState: 'paid', amountResidual: 0 }),
      invoice(2, { paymentState: 'in_payment' }),
      invoice(3, { state: 'draft' }),
      invoice(4, { dueDate: '2025-02-01' }),
      invoice(5, { moveType: 'out_refund', amountResidual: 15 }),
    ], [line(1, 4, 100, [11])], '2025-02-01');
    expect(r).toMatchObject({ totalDue: 100, overdueTotal: 0, creditAvailable: 15, overdueInvoices: [] });
    expect(r.byService[0].inArrears).toBe(false);
  });
});
