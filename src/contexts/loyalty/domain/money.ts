/**
 * Money is handled in integer minor units (cents, piastres) inside the domain so that discounts,
 * allocations and refunds add up exactly; amounts cross the edges (API, SQL numeric) as decimals.
 */
export type Minor = number;

export function toMinor(amount: number | string): Minor {
  const n = typeof amount === 'string' ? Number(amount) : amount;
  if (!Number.isFinite(n)) throw new RangeError(`not an amount: ${amount}`);
  return Math.round(n * 100);
}

export function fromMinor(minor: Minor): number {
  return Math.round(minor) / 100;
}

/** SQL numeric literal for a minor amount (exact, no float formatting surprises). */
export function minorToDecimalString(minor: Minor): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Splits `total` over `weights` proportionally with the largest-remainder method, so the parts
 * are integers that sum to exactly `total` (used to spread an order discount over its lines).
 */
export function allocateProportionally(total: Minor, weights: readonly number[]): Minor[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.floor(r));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) parts[order[k].i] += 1;
  return parts;
}
