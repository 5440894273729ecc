import { LinkingService } from '../../../src/contexts/portal-billing/application/linking.service';
import { PortalScopeService } from '../../../src/contexts/portal-billing/application/portal-scope.service';
import { FakePortalOdoo } from '../../support/portal/fake-portal-odoo';
import { createPortalMedium, type PortalMedium } from '../../support/portal/portal-medium';

const pid = () => 100_000 + Math.floor(Math.random() * 2_000_000_000);

describe('PortalBilling linking (real Postgres, fake Odoo port)', () => {
  const odoo = new FakePortalOdoo();
  let m: PortalMedium;
  let linking: LinkingService;
  beforeAll(async () => {
    m = await createPortalMedium(odoo, { PORTAL_LINK_MAX_FAILURES: '3', PORTAL_LINK_MAX_FAILURES_PER_IP: '1000' });
    linking = m.get(LinkingService);
  });
  afterAll(() => m.close());
  beforeEach(() => { odoo.down = false; });

  const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`;

  it('links with the email and the customer reference, and scopes to the commercial entity with its contacts', async () => {
    const acc = await m.account();
    const company = odoo.addPartner({ id: pid(), email: 'billing@acme.test', ref: 'ACME-77', name: 'Acme Ltd', tz: 'Africa/Nairobi' });
    const person = odoo.addPartner({ id: pid(), email: acc.email.toUpperCase(), parentId: company.id, name: 'Amina' });
    const other = odoo.addPartner({ id: pid(), email: 'ops@acme.test', parentId: company.id });

    const link = await linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'acme-77' }, ip: ip() });
    expect(link).toMatchObject({ partnerId: person.id, commercialPartnerId: company.id, method: 'customer_ref' });
    const scope = await m.get(PortalScopeService).resolve(acc.id);
    expect(scope.familyPartnerIds.sort()).toEqual([company.id, person.id, other.id].sort());
    expect(scope.timezone).toBe('UTC');
  });

  it('gives the same answer for an unknown email and a wrong reference, and counts both', async () => {
    const acc = await m.account();
    odoo.addPartner({ id: pid(), email: acc.email, ref: 'R-1' });
    const stranger = await m.account();
    const wrongRef = await linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'R-2' }, ip: ip() }).catch((e) => e);
    const noEmail = await linking.link({ accountId: stranger.id, accountEmail: stranger.email, fact: { kind: 'customer_ref', value: 'R-1' }, ip: ip() }).catch((e) => e);
    for (const e of [wrongRef, noEmail]) expect(e).toMatchObject({ code: 'PORTAL.LINK_NOT_VERIFIED', kind: 'business_rule' });
    expect(wrongRef.message).toBe(noEmail.message);
    expect(wrongRef.details).toEqual(noEmail.details);
    expect(wrongRef.details).toEqual({ remaining_attempts: 2 });
    // The look-ups made do not depend on whether the email exists.
    const attempts = await m.ds.query(`SELECT account_id, outcome FROM portal_link_attempt WHERE account_id = ANY($1)`, [[acc.id, stranger.id]]);
    expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'failed']);
  });

  it('rate-limits an account after repeated failures, even for the right answer, with a retry hint', async () => {
    const acc = await m.account();
    odoo.addPartner({ id: pid(), email: acc.email, ref: 'GOOD' });
    for (let i = 0; i < 3; i++) {
      await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: `BAD${i}` }, ip: ip() }))
        .rejects.toMatchObject({ code: 'PORTAL.LINK_NOT_VERIFIED' });
    }
    const blocked = await linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'GOOD' }, ip: ip() }).catch((e) => e);
    expect(blocked).toMatchObject({ code: 'PORTAL.LINK_RATE_LIMITED', kind: 'rate_limited' });
    expect(blocked.retryAfterSeconds).toBeGreaterThan(800);
  });

  it('rate-limits parallel attempts too (no burst slips past the limit)', async () => {
    const acc = await m.account();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: `X${i}` }, ip: ip() }).catch((e) => e.code)));
    expect(results.filter((c) => c === 'PORTAL.LINK_NOT_VERIFIED')).toHaveLength(3);
    expect(results.filter((c) => c === 'PORTAL.LINK_RATE_LIMITED')).toHaveLength(5);
  });

  it('accepts an invoice number of the customer’s own commercial entity only', async () => {
    const acc = await m.account();
    const me = odoo.addPartner({ id: pid(), email: acc.email });
    const them = odoo.addPartner({ id: pid(), email: 'them@example.com' });
    const inv = (id: number, cp: number, number: string) => odoo.invoices.push({
      id, number, moveType: 'out_invoice', state: 'posted', paymentState: 'not_paid', invoiceDate: '2025-01-01', dueDate: '2025-01-15',
      amountTotal: 10, amountResidual: 10, currency: 'USD', partnerId: cp, commercialPartnerId: cp, origin: null, portalPath: null,
    });
    inv(pid(), them.id, `INV/THEM/${them.id}`);
    inv(pid(), me.id, `INV/ME/${me.id}`);
    await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'invoice_number', value: `INV/THEM/${them.id}` }, ip: ip() }))
      .rejects.toMatchObject({ code: 'PORTAL.LINK_NOT_VERIFIED' });
    const link = await linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'invoice_number', value: `inv/me/${me.id}`.toUpperCase() }, ip: ip() });
    expect(link).toMatchObject({ partnerId: me.id, method: 'invoice_number' });
  });

  it('refuses a claimed email that is not the account’s, and a partner already linked to another account', async () => {
    const acc = await m.account();
    const p = odoo.addPartner({ id: pid(), email: acc.email, ref: 'OWN' });
    await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, claimedEmail: 'someone@else.com', fact: { kind: 'customer_ref', value: 'OWN' }, ip: ip() }))
      .rejects.toMatchObject({ code: 'PORTAL.LINK_NOT_VERIFIED' });
    const first = await m.account();
    await linking.adminLink({ accountId: first.id, partnerId: p.id, adminId: first.id, replace: false });
    await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'OWN' }, ip: ip() }))
      .rejects.toMatchObject({ code: 'PORTAL.ALREADY_LINKED' });
  });

  it('does not count an attempt made while Odoo is down', async () => {
    const acc = await m.account();
    odoo.addPartner({ id: pid(), email: acc.email, ref: 'OK' });
    odoo.down = true;
    for (let i = 0; i < 4; i++) {
      await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'OK' }, ip: ip() }))
        .rejects.toMatchObject({ kind: 'unavailable' });
    }
    odoo.down = false;
    await expect(linking.link({ accountId: acc.id, accountEmail: acc.email, fact: { kind: 'customer_ref', value: 'OK' }, ip: ip() })).resolves.toBeTruthy();
  });

  it('lets an admin link, refuse a double link without replace, move with replace, and unlink', async () => {
    const acc = await m.account();
    const a = odoo.addPartner({ id: pid(), email: 'a@x.test' });
    const b = odoo.addPartner({ id: pid(), email: 'b@x.test' });
    await linking.adminLink({ accountId: acc.id, partnerId: a.id, adminId: acc.id, replace: false });
    await expect(linking.adminLink({ accountId: acc.id, partnerId: b.id, adminId: acc.id, replace: false })).rejects.toMatchObject({ code: 'PORTAL.ALREADY_LINKED' });
    const moved = await linking.adminLink({ accountId: acc.id, partnerId: b.id, adminId: acc.id, replace: true });
    expect(moved).toMatchObject({ partnerId: b.id, method: 'admin' });
    await expect(linking.adminLink({ accountId: acc.id, partnerId: pid(), adminId: acc.id, replace: true }))
      .rejects.toMatchObject({ code: 'PORTAL.PARTNER_NOT_FOUND' });
    await linking.unlink(acc.id, acc.id);
    await expect(m.get(PortalScopeService).resolve(acc.id)).rejects.toMatchObject({ code: 'PORTAL.NOT_LINKED', kind: 'conflict' });
    await expect(linking.unlink(acc.id, acc.id)).rejects.toMatchObject({ code: 'PORTAL.LINK_NOT_FOUND' });
  });
});
