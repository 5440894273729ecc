import type { InvoiceRecord, ServiceRecord } from '../../../src/contexts/portal-billing/domain/portal.types';
import type { FakePortalOdoo } from './fake-portal-odoo';

export const randomPartnerId = () => 100_000 + Math.floor(Math.random() * 2_000_000_000);

export function fakeInvoice(odoo: FakePortalOdoo, cp: number, over: Partial<InvoiceRecord> = {}): InvoiceRecord {
  const id = odoo.nextId();
  const inv: InvoiceRecord = {
    id, number: `INV/${id}`, moveType: 'out_invoice', state: 'posted', paymentState: 'not_paid', invoiceDate: '2025-01-01', dueDate: '2025-01-15',
    amountTotal: 100, amountResidual: 100, currency: 'KES', partnerId: cp, commercialPartnerId: cp, origin: null, portalPath: null, ...over,
  };
  odoo.invoices.push(inv);
  return inv;
}

export function fakeService(odoo: FakePortalOdoo, partnerId: number, name: string, saleLineId: number): ServiceRecord {
  const s: ServiceRecord = {
    key: `sub:${saleLineId}`, orderId: saleLineId, orderName: `SUB/${saleLineId}`, saleLineIds: [saleLineId], productIds: [saleLineId],
    name, status: 'active', odooState: '3_progress', monthlyFee: 50, currency: 'KES', startDate: '2025-01-01', nextBillingDate: '2025-04-01',
    partnerId, products: [{ id: saleLineId, name, defaultCode: null, categoryName: null, description: null }],
  };
  odoo.services.push(s);
  return s;
}
