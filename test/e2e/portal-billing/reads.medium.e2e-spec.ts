import { DashboardService } from '../../../src/contexts/portal-billing/application/dashboard.service';
import { LinkingService } from '../../../src/contexts/portal-billing/application/linking.service';
import { PortalReadService } from '../../../src/contexts/portal-billing/application/portal-read.service';
import { PortalScopeService } from '../../../src/contexts/portal-billing/application/portal-scope.service';
import { StatementService } from '../../../src/contexts/portal-billing/application/statement.service';
import type { PartnerScope } from '../../../src/contexts/portal-billing/domain/portal.types';
import { FakePortalOdoo } from '../../support/portal/fake-portal-odoo';
import { fakeInvoice, fakeService, randomPartnerId } from '../../support/portal/portal-fixtures';
import { createPortalMedium, type PortalMedium } from '../../support/portal/portal-medium';

describe('PortalBilling reads with local copies (real Postgres, fake Odoo port)', () => {
  const odoo = new FakePortalOdoo();
  let m: PortalMedium;
  let reads: PortalReadService;
  beforeAll(async () => {
    m = await createPortalMedium(odoo);
    reads = m.get(PortalReadService);
  });
  afterAll(() => m.close());
  beforeEach(() => { odoo.down = false; });

  async function customer(): Promise<PartnerScope> {
    const acc = await m.account();
    const p = odoo.addPartner({ id: randomPartnerId(), email: acc.email, ref: `R${acc.id.slice(0, 6)}` });
    await m.get(LinkingService).adminLink({ accountId: acc.id, partnerId: p.id, adminId: acc.id, replace: false });
    return m.get(PortalScopeService).resolve(acc.id);
  }

  it('serves the last copy marked stale with its age when Odoo goes down, and 503 when there is none', async () => {
    const scope = await customer();
    const fresh = await customer();
    fakeService(odoo, scope.partnerId, 'Home Fibre 50 Mbps', randomPartnerId());
    const live = await reads.services(scope);
    expect(live.freshness).toMatchObject({ source: 'odoo', stale: false });
    expect(live.value).toHaveLength(1);

    odoo.down = true;
    await new Promise((r) => setTimeout(r, 1100));
    const stale = await reads.services(scope);
    expect(stale.value.map((s) => s.name)).toEqual(['Home Fibre 50 Mbps']);
    expect(stale.freshness).toMatchObject({ source: 'local_copy', stale: true, reason: 'ODOO.UNAVAILABLE' });
    expect(stale.freshness.ageSeconds).toBeGreaterThanOrEqual(1);

    await expect(reads.services(fresh)).rejects.toMatchObject({ code: 'PORTAL.DATA_UNAVAILABLE', kind: 'unavailable', retryAfterSeconds: 17 });
  });

  it('answers the same paged, date-filtered invoice query from the copies while Odoo is down', async () => {
    const scope = await customer();
    for (const [d, state] of [['2025-01-05', 'paid'], ['2025-02-05', 'not_paid'], ['2025-03-05', 'not_paid']] as const) {
      fakeInvoice(odoo, scope.commercialPartnerId, { invoiceDate: d, paymentState: state, amountResidual: state === 'paid' ? 0 : 100 });
    }
    const q = { from: '2025-02-01', to: '2025-03-31', status: 'all' as const, offset: 0, limit: 10 };
    const live = await reads.invoices(scope, q);
    odoo.down = true;
    const copy = await reads.invoices(scope, q);
    expect(copy.freshness.stale).toBe(true);
    expect(copy.value.items.map((i) => i.id)).toEqual(live.value.items.map((i) => i.id));
    expect(copy.value.total).toBe(2);
    const open = await reads.invoices(scope, { ...q, from: undefined, status: 'open' });
    expect(open.value.items.every((i) => i.paymentState === 'not_paid')).toBe(true);
  });

  it('never returns another customer’s records, even if Odoo (or an adapter bug) leaks them', async () => {
    const a = await customer();
    const b = await customer();
    const theirs = fakeInvoice(odoo, b.commercialPartnerId);
    // A leaky fake: every invoice is returned whatever the partner.
    const original = odoo.listOpenInvoices.bind(odoo);
    odoo.listOpenInvoices = async () => odoo.invoices;
    try {
      const open = await reads.openInvoices(a);
      expect(open.value.invoices.find((i) => i.id === theirs.id)).toBeUndefined();
    } finally {
      odoo.listOpenInvoices = original;
    }
    await expect(reads.invoice(a, theirs.id)).rejects.toMatchObject({ code: 'PORTAL.INVOICE_NOT_FOUND' });
  });

  it('builds the dashboard with a constant number of Odoo calls, and flags only the service an overdue add-on bills', async () => {
    const scope = await customer();
    const fibre = fakeService(odoo, scope.partnerId, 'Fibre 100 Mbps', randomPartnerId());
    const addon = fakeService(odoo, scope.partnerId, 'Static IP add-on', randomPartnerId());
    const inv = fakeInvoice(odoo, scope.commercialPartnerId, { amountTotal: 10, amountResidual: 10, dueDate: '2020-01-01' });
    odoo.lines.push({ id: odoo.nextId(), invoiceId: inv.id, productId: null, saleLineIds: addon.saleLineIds, name: 'Static IP', amountTotal: 10 });
    odoo.calls = [];
    const d = await m.get(DashboardService).load(scope);
    const firstCalls = odoo.calls.length;
    expect(d.arrears.byService.find((s) => s.serviceKey === addon.key)?.inArrears).toBe(true);
    expect(d.arrears.byService.find((s) => s.serviceKey === fibre.key)?.inArrears).toBe(false);

    for (let i = 0; i < 40; i++) fakeInvoice(odoo, scope.commercialPartnerId, { dueDate: '2020-01-01' });
    odoo.calls = [];
    await m.get(DashboardService).load(scope);
    expect(odoo.calls.length).toBeLessThanOrEqual(firstCalls);
    expect(odoo.calls.filter((c) => c === 'listInvoiceLines')).toHaveLength(1);
  });

  it('renders a statement PDF with the opening balance, also from the copies when Odoo is down', async () => {
    const scope = await customer();
    fakeInvoice(odoo, scope.commercialPartnerId, { invoiceDate: '2024-12-01', amountTotal: 40 });
    fakeInvoice(odoo, scope.commercialPartnerId, { invoiceDate: '2025-01-10', amountTotal: 60 });
    const s = await m.get(StatementService).build(scope, '2025-01-01', '2025-01-31');
    expect(s.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(s.freshness.stale).toBe(false);
    await reads.invoices(scope, { status: 'all', offset: 0, limit: 50 });
    odoo.down = true;
    const stale = await m.get(StatementService).build(scope, '2025-01-01', '2025-01-31');
    expect(stale.freshness.stale).toBe(true);
    expect(stale.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(m.get(StatementService).build(scope, '2025-02-01', '2025-01-01')).rejects.toMatchObject({ kind: 'validation' });
  });
});
