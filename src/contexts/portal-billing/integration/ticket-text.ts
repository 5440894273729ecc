/**
 * Ticket descriptions are Html fields in Odoo. The customer's plain text is escaped into
 * paragraphs, and the portal reference goes in a last paragraph: agents see it, and the hub finds
 * its own earlier write by it (a retried creation never opens a duplicate).
 */
const REFERENCE_LINE = /Portal reference:\s*(PT-[0-9A-HJKMNP-TV-Z]{8})/;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function descriptionToHtml(text: string, reference: string): string {
  const paragraphs = text.trim().split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `${paragraphs.join('')}<p>Portal reference: ${escapeHtml(reference)}</p>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Odoo's HTML back to the text a customer reads (tags dropped, entities decoded, our reference line removed). */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (ENTITIES[e.toLowerCase()] !== undefined) return ENTITIES[e.toLowerCase()];
      if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
      return m;
    })
    .replace(/\u00a0/g, ' ')
    .replace(REFERENCE_LINE, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function readTicketReference(html: string): string | null {
  return REFERENCE_LINE.exec(html)?.[1] ?? null;
}
