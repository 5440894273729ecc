import { decideTier, qualifyingTier, tierWindow, type TierDef, type TierPolicy } from './tiers';

const tiers: TierDef[] = [
  { id: 'silver', rank: 1, thresholdMinor: 100_000 },
  { id: 'gold', rank: 2, thresholdMinor: 500_000 },
  { id: 'platinum', rank: 3, thresholdMinor: 1_000_000 },
];
const now = new Date('2026-06-01T00:00:00Z');
const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
const policy = (p: Partial<TierPolicy>): TierPolicy => ({ windowDays: 365, downgradePolicy: 'automatic', downgradeAfterDays: null, ...p });

describe('tiers', () => {
  it('qualifies for the highest tier whose threshold is reached, inclusive', () => {
    expect(qualifyingTier(tiers, 99_999)).toBeNull();
    expect(qualifyingTier(tiers, 100_000)?.id).toBe('silver');
    expect(qualifyingTier(tiers, 999_999)?.id).toBe('gold');
  });

  it('has a window that excludes its start instant and includes its end', () => {
    expect(tierWindow(now, 30)).toEqual({ start: days(30), end: now });
  });

  it('upgrades at once, several ranks if earned', () => {
    expect(decideTier(policy({}), tiers, { tierId: null, belowSince: null }, 1_200_000, now)).toEqual({ tierId: 'platinum', belowSince: null, change: 'upgrade' });
  });

  it('never downgrades under the never policy', () => {
    expect(decideTier(policy({ downgradePolicy: 'never' }), tiers, { tierId: 'gold', belowSince: null }, 0, now)).toEqual({ tierId: 'gold', belowSince: null, change: null });
  });

  it('downgrades automatically to the tier still qualified for', () => {
    expect(decideTier(policy({}), tiers, { tierId: 'platinum', belowSince: null }, 150_000, now)).toEqual({ tierId: 'silver', belowSince: null, change: 'downgrade' });
    expect(decideTier(policy({}), tiers, { tierId: 'silver', belowSince: null }, 0, now)).toEqual({ tierId: null, belowSince: null, change: 'downgrade' });
  });

  it('starts a grace period and downgrades only after N days below', () => {
    const p = policy({ downgradePolicy: 'after_days', downgradeAfterDays: 30 });
    const first = decideTier(p, tiers, { tierId: 'gold', belowSince: null }, 0, now);
    expect(first).toEqual({ tierId: 'gold', belowSince: now, change: null });
    expect(decideTier(p, tiers, { tierId: 'gold', belowSince: days(29) }, 0, now).change).toBeNull();
    expect(decideTier(p, tiers, { tierId: 'gold', belowSince: days(30) }, 0, now)).toEqual({ tierId: null, belowSince: null, change: 'downgrade' });
  });

  it('ends the grace period when the member qualifies again', () => {
    const p = policy({ downgradePolicy: 'after_days', downgradeAfterDays: 30 });
    expect(decideTier(p, tiers, { tierId: 'gold', belowSince: days(10) }, 600_000, now)).toEqual({ tierId: 'gold', belowSince: null, change: null });
  });

  it('in upgrades-only mode never downgrades nor touches the grace period', () => {
    const p = policy({ downgradePolicy: 'after_days', downgradeAfterDays: 30 });
    expect(decideTier(p, tiers, { tierId: 'gold', belowSince: days(40) }, 0, now, true)).toEqual({ tierId: 'gold', belowSince: days(40), change: null });
    expect(decideTier(p, tiers, { tierId: 'gold', belowSince: days(40) }, 1_000_000, now, true).change).toBe('upgrade');
  });

  it('treats a tier removed from the set as no tier', () => {
    expect(decideTier(policy({}), tiers, { tierId: 'gone', belowSince: null }, 100_000, now).change).toBe('upgrade');
  });
});
