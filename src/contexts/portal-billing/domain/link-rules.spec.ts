import { normalizeEmail, pickLinkCandidate } from './link-rules';
import type { LinkCandidate } from './portal.types';

const c = (over: Partial<LinkCandidate>): LinkCandidate => ({
  id: 10, name: 'Amina', email: 'amina@example.com', ref: null, commercialPartnerId: 10, commercialRef: null, tz: null, active: true, ...over,
});

describe('normalizeEmail', () => {
  it('extracts the address from Odoo display forms and lower-cases it', () => {
    expect(normalizeEmail('"Amina K" <Amina@Example.COM>')).toBe('amina@example.com');
    expect(normalizeEmail('  a.b@x.io ')).toBe('a.b@x.io');
    expect(normalizeEmail('not an email')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe('pickLinkCandidate', () => {
  it('links when the email matches and the customer reference is the partner’s own or its company’s', () => {
    expect(pickLinkCandidate('amina@example.com', [c({ ref: 'CUST-001' })], { kind: 'customer_ref', value: ' cust-001 ' })?.id).toBe(10);
    const contact = c({ id: 11, commercialPartnerId: 10, ref: null, commercialRef: 'ACME-9' });
    expect(pickLinkCandidate('Amina@example.com', [contact], { kind: 'customer_ref', value: 'ACME-9' })?.id).toBe(11);
  });

  it('refuses a wrong reference, another email, an archived partner, or an empty fact', () => {
    expect(pickLinkCandidate('amina@example.com', [c({ ref: 'CUST-001' })], { kind: 'customer_ref', value: 'CUST-002' })).toBeNull();
    expect(pickLinkCandidate('other@example.com', [c({ ref: 'CUST-001' })], { kind: 'customer_ref', value: 'CUST-001' })).toBeNull();
    expect(pickLinkCandidate('amina@example.com', [c({ ref: 'CUST-001', active: false })], { kind: 'customer_ref', value: 'CUST-001' })).toBeNull();
    expect(pickLinkCandidate('amina@example.com', [c({ ref: null })], { kind: 'customer_ref', value: '   ' })).toBeNull();
  });

  it('accepts an invoice number only when the invoice belongs to the candidate’s commercial entity', () => {
    const contact = c({ id: 11, commercialPartnerId: 10 });
    expect(pickLinkCandidate('amina@example.com', [contact], { kind: 'invoice_number', value: 'INV/2025/0001' }, [10])?.id).toBe(11);
    expect(pickLinkCandidate('amina@example.com', [contact], { kind: 'invoice_number', value: 'INV/2025/0001' }, [99])).toBeNull();
    expect(pickLinkCandidate('amina@example.com', [contact], { kind: 'invoice_number', value: 'INV/2025/0001' }, [])).toBeNull();
  });

  it('prefers the company itself when both the company and a contact carry the email', () => {
    const company = c({ id: 10, commercialPartnerId: 10, ref: 'ACME' });
    const contact = c({ id: 11, commercialPartnerId: 10, commercialRef: 'ACME' });
    expect(pickLinkCandidate('amina@example.com', [contact, company], { kind: 'customer_ref', value: 'acme' })?.id).toBe(10);
  });
});
