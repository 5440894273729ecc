import type { ProductFacts, ServiceType } from './portal.types';

/**
 * Service type from product data (name, internal reference, category, sales description).
 * Checked in order: Starlink first (a Starlink kit is also "wireless"/"satellite" in many
 * catalogs), then fibre, then terrestrial wireless. Word boundaries keep "fibreglass-free"
 * style accidents out; matching is case-insensitive.
 */
const RULES: Array<{ type: ServiceType; pattern: RegExp }> = [
  { type: 'starlink', pattern: /\bstar\s?link\b|\bspacex\b/i },
  { type: 'fibre', pattern: /\bfib(?:re|er)\b|\bfttx\b|\bftth\b|\bfttp\b|\bfttb\b|\bgpon\b|\bxgs-?pon\b|\boptic(?:al)?\b/i },
  {
    type: 'wireless',
    pattern: /\bwireless\b|\bwi-?fi\b|\bwimax\b|\blte\b|\b[45]g\b|\bfwa\b|\bradio\b|\bairfiber\b|\bmicrowave\b|\bptm?p\b|\bpoint[- ]to[- ](?:multi)?point\b|\bsatellite\b|\bvsat\b/i,
  },
];

export function detectServiceType(products: ProductFacts[], fallbackText = ''): ServiceType {
  const texts = [
    ...products.flatMap((p) => [p.name, p.defaultCode, p.categoryName, p.description]),
    fallbackText,
  ].filter((t): t is string => !!t);
  for (const rule of RULES) {
    if (texts.some((t) => rule.pattern.test(t))) return rule.type;
  }
  return 'other';
}

/** "Fibre 100 Mbps Home" → "100 Mbps"; the speed a plan advertises in its name, if any. */
export function advertisedSpeed(text: string): string | null {
  const m = /(\d+(?:[.,]\d+)?)\s?(k|m|g)(?:bps|b\/s|bit\/s)\b/i.exec(text);
  if (!m) return null;
  return `${m[1].replace(',', '.')} ${m[2].toUpperCase()}bps`;
}
