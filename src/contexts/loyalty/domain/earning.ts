import type { Minor } from './money';

/** An order line after every discount (line and order level), in minor units. */
export interface PricedLine {
  productRef: string;
  categoryRef: string | null;
  quantity: number;
  amountMinor: Minor;
}

export interface EarnTerms {
  pointsPerCurrencyUnit: number;
  minOrderAmountMinor: Minor;
  excludedProductRefs: readonly string[];
  excludedCategoryRefs: readonly string[];
}

export type RuleScope = 'order' | 'product' | 'category';
export type RuleMode = 'money' | 'unit' | 'order';

/** A bonus rule, like Odoo's loyalty.rule: `points` per currency unit, per unit, or per order. */
export interface EarnRule {
  id: string;
  name: string;
  scope: RuleScope;
  productRefs: readonly string[];
  categoryRefs: readonly string[];
  mode: RuleMode;
  points: number;
  minimumAmountMinor: Minor;
  minimumQty: number;
  validFrom?: Date | null;
  validTo?: Date | null;
}

export interface EarnBreakdown {
  /** Net amount (after every order discount) of the lines that earn points. */
  eligibleAmountMinor: Minor;
  basePoints: number;
  multiplier: number;
  /** Base points after the tier multiplier; bonus rules are not multiplied. */
  multipliedBasePoints: number;
  rules: Array<{ ruleId: string; name: string; points: number }>;
  total: number;
}

// Float products like 7000 * 0.1 / 100 can land a hair under an integer; never lose a point to that.
const floorPoints = (x: number) => Math.max(0, Math.floor(x + 1e-9));

export function ruleActiveAt(rule: Pick<EarnRule, 'validFrom' | 'validTo'>, at: Date): boolean {
  return (!rule.validFrom || rule.validFrom <= at) && (!rule.validTo || rule.validTo > at);
}

function ruleMatches(rule: EarnRule, line: PricedLine): boolean {
  if (rule.scope === 'order') return true;
  if (rule.scope === 'product') return rule.productRefs.includes(line.productRef);
  return line.categoryRef !== null && rule.categoryRefs.includes(line.categoryRef);
}

/**
 * Points for an order: the program's base rate on the eligible net amount (excluded products and
 * categories earn nothing; points are earned on what the member pays, after discounts), times the
 * member's tier multiplier, plus every active bonus rule whose conditions the matching lines meet.
 */
export function computeEarning(
  terms: EarnTerms,
  rules: readonly EarnRule[],
  net: readonly PricedLine[],
  multiplier: number,
  at: Date,
): EarnBreakdown {
  const orderNet = net.reduce((s, l) => s + l.amountMinor, 0);
  const empty: EarnBreakdown = { eligibleAmountMinor: 0, basePoints: 0, multiplier, multipliedBasePoints: 0, rules: [], total: 0 };
  if (orderNet <= 0 || orderNet < terms.minOrderAmountMinor) return empty;

  const eligible = net.filter(
    (l) => !terms.excludedProductRefs.includes(l.productRef) && !(l.categoryRef !== null && terms.excludedCategoryRefs.includes(l.categoryRef)),
  );
  const eligibleAmountMinor = eligible.reduce((s, l) => s + l.amountMinor, 0);
  const basePoints = floorPoints((eligibleAmountMinor * terms.pointsPerCurrencyUnit) / 100);
  const multipliedBasePoints = floorPoints(basePoints * multiplier);

  const ruleResults: EarnBreakdown['rules'] = [];
  for (const rule of rules) {
    if (!ruleActiveAt(rule, at)) continue;
    const matching = eligible.filter((l) => ruleMatches(rule, l));
    if (!matching.length) continue;
    const amount = matching.reduce((s, l) => s + l.amountMinor, 0);
    const qty = matching.reduce((s, l) => s + l.quantity, 0);
    if (amount < rule.minimumAmountMinor || qty < rule.minimumQty) continue;
    const points =
      rule.mode === 'money' ? floorPoints((amount * rule.points) / 100) : rule.mode === 'unit' ? floorPoints(qty * rule.points) : floorPoints(rule.points);
    if (points > 0) ruleResults.push({ ruleId: rule.id, name: rule.name, points });
  }
  const total = multipliedBasePoints + ruleResults.reduce((s, r) => s + r.points, 0);
  return { eligibleAmountMinor, basePoints, multiplier, multipliedBasePoints, rules: ruleResults, total };
}
