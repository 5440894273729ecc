import { LinkingService } from '../../../src/contexts/portal-billing/application/linking.service';
import { PaymentProofService } from '../../../src/contexts/portal-billing/application/payment-proof.service';
import { PortalReadService } from '../../../src/contexts/portal-billing/application/portal-read.service';
import { PortalScopeService } from '../../../src/contexts/portal-billing/application/portal-scope.service';
import { TicketsService } from '../../../src/contexts/portal-billing/application/tickets.service';
import type { PartnerScope } from '../../../src/contexts/portal-billing/domain/portal.types';
import { PortalBillingJob } from '../../../src/contexts/portal-billing/jobs/portal-billing.jobs';
import { FakeOdooUserError, FakePortalOdoo } from '../../support/portal/fake-portal-odoo';
import { fakeInvoice, randomPartnerId } from '../../support/portal/portal-fixtures';
import { createPortalMedium, type PortalMedium } from '../../support/portal/portal-medium';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const today = () => new Date().toISOString().slice(0, 10);

describe('PortalBilling writes (real Postgres + Redis, fake Odoo port)', () => {
  const odoo = new FakePortalOdoo();
  let m: PortalMedium;
  beforeAll(async () => { m = await createPortalMedium(odoo, { PORTAL_PROOF_MAX_BYTES: '2048' }); });
  afterAll(() => m.close());
  beforeEach(() => { odoo.down = false; odoo.downAfterWrite = false; });

  async function customer(): Promise<PartnerScope> {
    const acc = await m.account();
    const p = odoo.addPartner({ id: randomPartnerId(), email: acc.email });
    await m.get(LinkingService).adminLink({ accountId: acc.id, partnerId: p.id, adminId: acc.id, replace: false });
    return m.get(PortalScopeService).resolve(acc.id);
  }
  const jobsNamed = async (name: string) => (await m.queue.getJobs(['waiting', 'delayed', 'active'])).filter((j) => j?.name === name);

  describe('tickets', () => {
    it('creates inline when Odoo is up, and an Idempotency-Key repeat returns the first ticket', async () => {
      const scope = await customer();
      const input = { subject: 'No internet', description: 'Red LOS light since 7am', priority: 'high' as const };
      const r = await m.get(TicketsService).create(scope, input, `key-${scope.accountId}`);
      expect(r).toMatchObject({ queued: false, duplicate: false, ticket: { syncStatus: 'synced', stage: 'New' } });
      expect(odoo.tickets.filter((t) => t.reference === r.ticket.reference)).toHaveLength(1);
      const again = await m.get(TicketsService).create(scope, input, `key-${scope.accountId}`);
      expect(again).toMatchObject({ duplicate: true, ticket: { id: r.ticket.id } });
      expect(odoo.tickets.filter((t) => t.reference === r.ticket.reference)).toHaveLength(1);
    });

    it('queues while Odoo is down and creates it exactly once when Odoo is back', async () => {
      const scope = await customer();
      odoo.down = true;
      const r = await m.get(TicketsService).create(scope, { subject: 'Slow speed', description: 'Only 2 Mbps tonight', priority: 'medium' });
      expect(r).toMatchObject({ queued: true, ticket: { syncStatus: 'pending', odooId: null } });
      const jobs = await jobsNamed(PortalBillingJob.CreateTicket);
      expect(jobs.some((j) => j.data.ticketId === r.ticket.id)).toBe(true);

      odoo.down = false;
      // The first run committed in Odoo but the answer was lost; the retry finds it by reference.
      odoo.downAfterWrite = true;
      await expect(m.get(TicketsService).syncQueued(r.ticket.id, false)).rejects.toMatchObject({ kind: 'unavailable' });
      odoo.downAfterWrite = false;
      const done = await m.get(TicketsService).syncQueued(r.ticket.id, false);
      expect(done).toMatchObject({ syncStatus: 'synced' });
      expect(odoo.tickets.filter((t) => t.reference === r.ticket.reference)).toHaveLength(1);
    });

    it('completes a queued ticket in place when a listing sees it in Odoo first (no duplicate row)', async () => {
      const scope = await customer();
      odoo.downAfterWrite = true;
      const r = await m.get(TicketsService).create(scope, { subject: 'Lost answer', description: 'Created, but the answer was lost', priority: 'low' });
      expect(r.queued).toBe(true);
      odoo.downAfterWrite = false;
      const listed = await m.get(PortalReadService).ticketList(scope, 20);
      const mine = listed.value.filter((t) => t.subject === 'Lost answer');
      expect(mine).toEqual([expect.objectContaining({ id: r.ticket.id, reference: r.ticket.reference, syncStatus: 'synced' })]);
      expect(await m.get(TicketsService).syncQueued(r.ticket.id, false)).toMatchObject({ syncStatus: 'synced' });
      expect(odoo.tickets.filter((t) => t.reference === r.ticket.reference)).toHaveLength(1);
    });

    it('forgets a ticket Odoo refuses outright and reports the refusal', async () => {
      const scope = await customer();
      odoo.failNextCreate = new FakeOdooUserError('Helpdesk team is archived');
      await expect(m.get(TicketsService).create(scope, { subject: 'Hello', description: 'Something long enough', priority: 'low' }))
        .rejects.toMatchObject({ code: 'ODOO.USER_ERROR' });
      const rows = await m.ds.query(`SELECT count(*)::int AS n FROM portal_ticket WHERE account_id = $1`, [scope.accountId]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('proofs of payment', () => {
    const upload = (scope: PartnerScope, over: Partial<Parameters<PaymentProofService['upload']>[1]> = {}) =>
      m.get(PaymentProofService).upload(scope, { invoiceId: 0, paymentReference: 'MPESA-1', amount: 40, paymentDate: today(), file: { buffer: PDF, originalname: 'slip.pdf', size: PDF.length }, ...over });

    it('creates a draft payment with the file attached, and a repeat returns the same proof, even with Odoo down', async () => {
      const scope = await customer();
      const inv = fakeInvoice(odoo, scope.commercialPartnerId, { amountResidual: 100 });
      const r = await upload(scope, { invoiceId: inv.id, paymentReference: 'mpesa-qk71' });
      expect(r).toMatchObject({ duplicate: false, pending: false, proof: { status: 'submitted', mimeType: 'application/pdf', fileName: 'slip.pdf' } });
      const payment = odoo.draftPayments.find((p) => p.id === r.proof.odooPaymentId)!;
      expect(payment).toMatchObject({ invoiceId: inv.id, amount: 40, customerReference: 'mpesa-qk71', partnerId: scope.commercialPartnerId });
      expect(odoo.attachments.filter((a) => a.resId === payment.id)).toEqual([expect.objectContaining({ resModel: 'account.payment', mimeType: 'application/pdf' })]);

      odoo.down = true;
      const again = await upload(scope, { invoiceId: inv.id, paymentReference: ' MPESA-QK71 ' });
      expect(again).toMatchObject({ duplicate: true, proof: { id: r.proof.id } });
      odoo.down = false;
      expect(odoo.draftPayments.filter((p) => p.invoiceId === inv.id)).toHaveLength(1);
      await expect(upload(scope, { invoiceId: inv.id, paymentReference: 'MPESA-QK71', amount: 41 })).rejects.toMatchObject({ code: 'PORTAL.PROOF_REFERENCE_USED', kind: 'conflict' });
    });

    it('rejects by content, size, ownership, state, amount and date', async () => {
      const scope = await customer();
      const other = await customer();
      const inv = fakeInvoice(odoo, scope.commercialPartnerId, { amountResidual: 50 });
      const theirs = fakeInvoice(odoo, other.commercialPartnerId);
      const paid = fakeInvoice(odoo, scope.commercialPartnerId, { paymentState: 'paid', amountResidual: 0 });
      const gif = Buffer.from('GIF89a-not-a-receipt');
      await expect(upload(scope, { invoiceId: inv.id, file: { buffer: gif, originalname: 'slip.pdf', size: gif.length } })).rejects.toMatchObject({ code: 'PORTAL.PROOF_FILE_TYPE', kind: 'unsupported_media' });
      const big = Buffer.concat([PNG, Buffer.alloc(4096)]);
      await expect(upload(scope, { invoiceId: inv.id, file: { buffer: big, originalname: 'x.png', size: big.length } })).rejects.toMatchObject({ code: 'PORTAL.PROOF_FILE_TOO_LARGE', kind: 'payload_too_large' });
      await expect(upload(scope, { invoiceId: inv.id, file: undefined })).rejects.toMatchObject({ code: 'PORTAL.PROOF_FILE_REQUIRED' });
      await expect(upload(scope, { invoiceId: theirs.id })).rejects.toMatchObject({ code: 'PORTAL.INVOICE_NOT_FOUND', kind: 'not_found' });
      await expect(upload(scope, { invoiceId: 2_000_000_000 })).rejects.toMatchObject({ code: 'PORTAL.INVOICE_NOT_FOUND' });
      await expect(upload(scope, { invoiceId: paid.id })).rejects.toMatchObject({ code: 'PORTAL.INVOICE_NOT_OPEN' });
      await expect(upload(scope, { invoiceId: inv.id, amount: 50.01 })).rejects.toMatchObject({ code: 'PORTAL.AMOUNT_ABOVE_RESIDUAL' });
      await expect(upload(scope, { invoiceId: inv.id, paymentDate: '2999-01-01' })).rejects.toMatchObject({ code: 'PORTAL.PAYMENT_DATE_INVALID' });
      const png = await upload(scope, { invoiceId: inv.id, amount: 50, paymentReference: 'BANK-9', file: { buffer: PNG, originalname: 'photo.jpeg', size: PNG.length } });
      expect(png.proof).toMatchObject({ mimeType: 'image/png', fileName: 'photo.png', status: 'submitted' });
      expect(odoo.draftPayments.filter((p) => p.invoiceId === theirs.id)).toHaveLength(0);
    });

    it('refuses with 503 and records nothing while Odoo is down', async () => {
      const scope = await customer();
      const inv = fakeInvoice(odoo, scope.commercialPartnerId);
      odoo.down = true;
      await expect(upload(scope, { invoiceId: inv.id, paymentReference: 'DOWN-1' })).rejects.toMatchObject({ code: 'PORTAL.ODOO_UNAVAILABLE', kind: 'unavailable', retryAfterSeconds: 17 });
      const rows = await m.ds.query(`SELECT count(*)::int AS n FROM portal_payment_proof WHERE invoice_id = $1`, [inv.id]);
      expect(rows[0].n).toBe(0);
    });

    it('keeps the proof and finishes in the background when Odoo goes silent after the payment was written', async () => {
      const scope = await customer();
      const inv = fakeInvoice(odoo, scope.commercialPartnerId);
      odoo.downAfterWrite = true;
      const r = await upload(scope, { invoiceId: inv.id, paymentReference: 'LOST-ANSWER' });
      expect(r).toMatchObject({ pending: true, proof: { status: 'pending' } });
      expect((await jobsNamed(PortalBillingJob.SubmitProof)).some((j) => j.data.proofId === r.proof.id)).toBe(true);
      odoo.downAfterWrite = false;
      await m.get(PaymentProofService).submitQueued(r.proof.id);
      const after = await m.get(PaymentProofService).upload(scope, { invoiceId: inv.id, paymentReference: 'LOST-ANSWER', amount: 40, paymentDate: today(), file: { buffer: PDF, size: PDF.length, originalname: 'slip.pdf' } });
      expect(after).toMatchObject({ duplicate: true, proof: { status: 'submitted' } });
      // One payment in Odoo despite the lost answer and the retry.
      expect(odoo.draftPayments.filter((p) => p.invoiceId === inv.id)).toHaveLength(1);
      expect(odoo.attachments.filter((a) => a.resId === after.proof.odooPaymentId)).toHaveLength(1);
    });
  });
});
