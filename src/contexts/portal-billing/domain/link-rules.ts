import type { LinkCandidate } from './portal.types';

/** `"Amina K" <Amina@Example.com> ` → `amina@example.com` (Odoo emails may carry a display name). */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(raw);
  const addr = (angle ? angle[1] : raw).trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(addr) ? addr : null;
}

/** Customer references and invoice numbers compared without case or spacing differences. */
export function normalizeFact(raw: string | null | undefined): string {
  return (raw ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export type SecondFact = { kind: 'customer_ref'; value: string } | { kind: 'invoice_number'; value: string };

/**
 * Picks the partner an account may link to: its email must equal the account's, and the
 * second fact must belong to the same customer (its own or its company's `ref`, or a posted
 * invoice of its commercial entity). Archived partners never match. When both a company and
 * its contact match, the contact the email belongs to is kept, preferring the company itself
 * if its own email matched.
 */
export function pickLinkCandidate(
  accountEmail: string,
  candidates: LinkCandidate[],
  fact: SecondFact,
  invoiceOwnerIds: number[] = [],
): LinkCandidate | null {
  const email = normalizeEmail(accountEmail);
  if (!email) return null;
  const wanted = normalizeFact(fact.value);
  if (!wanted) return null;
  const owners = new Set(invoiceOwnerIds);
  const matching = candidates
    .filter((c) => c.active && normalizeEmail(c.email) === email)
    .filter((c) =>
      fact.kind === 'customer_ref'
        ? normalizeFact(c.ref) === wanted || normalizeFact(c.commercialRef) === wanted
        : owners.has(c.commercialPartnerId),
    );
  if (!matching.length) return null;
  return matching.find((c) => c.id === c.commercialPartnerId) ?? [...matching].sort((a, b) => a.id - b.id)[0];
}
