/**
 * Cartona's own sample carries `internal_product_id` values such as `"904#2"` (reference §4.4,
 * §8.7): the meaning of the `#` suffix is unverified (it may name the supplier account). The
 * policy is configurable per account:
 *  - `strip`  : match on the part before `#` (`904`), keep the suffix for the record;
 *  - `exact`  : match the whole string as stored in the mapping;
 *  - `reject` : a suffixed id is invalid (what Cartona's module does).
 */
export type InternalIdSuffixPolicy = 'strip' | 'exact' | 'reject';
export const INTERNAL_ID_SUFFIX_POLICIES: readonly InternalIdSuffixPolicy[] = ['strip', 'exact', 'reject'];

export interface ParsedInternalId {
  /** The key to look up in the mapping (Odoo variant id as text, or the exact value). */
  key: string;
  suffix: string | null;
}

export function parseInternalProductId(raw: unknown, policy: InternalIdSuffixPolicy): ParsedInternalId | { error: string } {
  if (raw === null || raw === undefined || raw === '') return { error: 'missing_internal_product_id' };
  if (typeof raw !== 'string' && typeof raw !== 'number') return { error: 'invalid_internal_product_id' };
  const value = String(raw).trim();
  if (!value || value.length > 100) return { error: 'invalid_internal_product_id' };
  const hash = value.indexOf('#');
  if (hash < 0) return { key: value, suffix: null };
  if (policy === 'reject') return { error: 'invalid_internal_product_id' };
  if (policy === 'exact') return { key: value, suffix: value.slice(hash + 1) };
  const base = value.slice(0, hash).trim();
  if (!base) return { error: 'invalid_internal_product_id' };
  return { key: base, suffix: value.slice(hash + 1) };
}

/** The Odoo variant id an internal id names under the `internal_product_id` strategy, if it is one. */
export function odooIdFromInternalKey(key: string): number | null {
  return /^[1-9]\d{0,11}$/.test(key) ? Number(key) : null;
}
