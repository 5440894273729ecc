import type { Minor } from './money';

export type DowngradePolicy = 'never' | 'automatic' | 'after_days';

export interface TierPolicy {
  windowDays: number;
  downgradePolicy: DowngradePolicy;
  downgradeAfterDays: number | null;
}

export interface TierDef {
  id: string;
  rank: number;
  thresholdMinor: Minor;
}

export interface MemberTierState {
  tierId: string | null;
  /** When the member was first seen below their tier's threshold (grace period of `after_days`). */
  belowSince: Date | null;
}

export interface TierDecision {
  tierId: string | null;
  belowSince: Date | null;
  change: 'upgrade' | 'downgrade' | null;
}

const DAY_MS = 86_400_000;

/**
 * The rolling window ending at `asOf`: transactions with `start < ordered_at <= asOf` count.
 * An order exactly `windowDays` old has left the window.
 */
export function tierWindow(asOf: Date, windowDays: number): { start: Date; end: Date } {
  return { start: new Date(asOf.getTime() - windowDays * DAY_MS), end: asOf };
}

/** The highest tier whose threshold the total reaches (null: below every tier). */
export function qualifyingTier(tiers: readonly TierDef[], totalMinor: Minor): TierDef | null {
  let best: TierDef | null = null;
  for (const t of tiers) if (totalMinor >= t.thresholdMinor && (!best || t.rank > best.rank)) best = t;
  return best;
}

/**
 * Decides a member's tier from their window total. Upgrades apply at once. A member below their
 * tier is downgraded per the tier set's policy: `never` keeps the tier, `automatic` moves them to
 * the tier they qualify for now, `after_days` only once they have stayed below for N days (the
 * grace period restarts whenever they qualify again). `upgradesOnly` is the check run right after
 * an order: it may raise a tier but never starts or ends a grace period.
 */
export function decideTier(
  policy: TierPolicy,
  tiers: readonly TierDef[],
  state: MemberTierState,
  totalMinor: Minor,
  now: Date,
  upgradesOnly = false,
): TierDecision {
  const rankOf = (id: string | null) => (id === null ? 0 : (tiers.find((t) => t.id === id)?.rank ?? 0));
  const target = qualifyingTier(tiers, totalMinor);
  const currentRank = rankOf(state.tierId);
  const targetRank = target?.rank ?? 0;
  // A tier that no longer exists in the set counts as no tier.
  const currentId = currentRank === 0 ? null : state.tierId;

  if (targetRank > currentRank) return { tierId: target!.id, belowSince: null, change: 'upgrade' };
  if (targetRank === currentRank) return { tierId: currentId, belowSince: upgradesOnly ? state.belowSince : null, change: null };
  if (upgradesOnly) return { tierId: currentId, belowSince: state.belowSince, change: null };

  switch (policy.downgradePolicy) {
    case 'never':
      return { tierId: currentId, belowSince: null, change: null };
    case 'automatic':
      return { tierId: target?.id ?? null, belowSince: null, change: 'downgrade' };
    case 'after_days': {
      const since = state.belowSince ?? now;
      const graceMs = (policy.downgradeAfterDays ?? 0) * DAY_MS;
      if (now.getTime() - since.getTime() >= graceMs) return { tierId: target?.id ?? null, belowSince: null, change: 'downgrade' };
      return { tierId: currentId, belowSince: since, change: null };
    }
  }
}
