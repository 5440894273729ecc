import type { InvoiceRecord, ServiceRecord } from '../domain/portal.types';
import { invoiceDto, invoiceStatus, paymentDto, serviceDto } from './portal.mappers';

const inv = (over: Partial<InvoiceRecord> = {}): InvoiceRecord => ({
  id: 7, number: 'INV/2025/00007', moveType: 'out_invoice', state: 'posted', paymentState: 'not_paid', invoiceDate: '2025-03-01',
  dueDate: '2025-03-10', amountTotal: 50, amountResidual: 50, currency: 'EGP', partnerId: 3, commercialPartnerId: 3, origin: null,
  portalPath: '/my/invoices/7?access_token=abc', ...over,
});

describe('invoiceDto', () => {
  it('computes overdue days against the given local date and builds the Odoo portal link', () => {
    const d = invoiceDto(inv(), '2025-03-15', 'https://erp.example.com');
    expect(d).toMatchObject({ status: 'open', is_overdue: true, days_overdue: 5, payment_url: 'https://erp.example.com/my/invoices/7?access_token=abc', type: 'invoice' });
  });

  it('gives no link when links are off or Odoo issued no token, and no overdue for paid or credit notes', () => {
    expect(invoiceDto(inv(), '2025-03-15', null).payment_url).toBeNull();
    expect(invoiceDto(inv({ portalPath: null }), '2025-03-15', 'https://erp').payment_url).toBeNull();
    expect(invoiceDto(inv({ paymentState: 'paid', amountResidual: 0 }), '2025-04-15', 'https://erp')).toMatchObject({ status: 'paid', is_overdue: false, days_overdue: 0 });
    expect(invoiceDto(inv({ moveType: 'out_refund' }), '2025-04-15', null)).toMatchObject({ type: 'credit_note', is_overdue: false });
  });

  it('maps Odoo states to portal statuses', () => {
    expect(invoiceStatus({ state: 'draft', paymentState: 'not_paid' })).toBe('draft');
    expect(invoiceStatus({ state: 'cancel', paymentState: 'not_paid' })).toBe('cancelled');
    expect(invoiceStatus({ state: 'posted', paymentState: 'partial' })).toBe('partial');
    expect(invoiceStatus({ state: 'posted', paymentState: 'in_payment' })).toBe('in_payment');
  });
});

describe('paymentDto', () => {
  it('maps 17 and 18 payment states alike', () => {
    const base = { id: 1, reference: 'P/1', date: '2025-03-01', amount: 5, currency: 'EGP', method: 'Bank', partnerId: 3 };
    expect(paymentDto({ ...base, state: 'draft' }).status).toBe('pending_verification');
    expect(paymentDto({ ...base, state: 'posted' }).status).toBe('posted');
    expect(paymentDto({ ...base, state: 'in_process' }).status).toBe('posted');
    expect(paymentDto({ ...base, state: 'canceled' }).status).toBe('cancelled');
    expect(paymentDto({ ...base, state: 'cancel' }).status).toBe('cancelled');
  });
});

describe('serviceDto', () => {
  it('is always unlimited, detects Starlink from product data and carries its own arrears only', () => {
    const s: ServiceRecord = {
      key: 'sub:9', orderId: 9, orderName: 'S00009', saleLineIds: [90], productIds: [5], name: 'Residential plan', status: 'active',
      odooState: '3_progress', monthlyFee: 2900, currency: 'EGP', startDate: '2025-01-01', nextBillingDate: '2025-04-01', partnerId: 3,
      products: [{ id: 5, name: 'Residential plan', defaultCode: 'SL-RES', categoryName: 'Internet / Starlink', description: null }],
    };
    expect(serviceDto(s)).toMatchObject({ service_type: 'starlink', is_unlimited: true, bandwidth: 'Unlimited', billing_status: 'ok', overdue_amount: 0 });
    expect(serviceDto(s, { serviceKey: 'sub:9', inArrears: true, overdueAmount: 12.5, overdueInvoiceIds: [4], maxDaysOverdue: 9 }))
      .toMatchObject({ billing_status: 'overdue', overdue_amount: 12.5, days_overdue: 9, overdue_invoice_ids: [4] });
    expect(JSON.stringify(serviceDto(s))).not.toMatch(/data_balance|data_used|quota/);
  });
});
