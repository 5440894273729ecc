import { dueBuckets, expiryFor, planConsumption, planRestore, type OpenBucket } from './buckets';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const b = (id: string, remaining: number, expires: string | null): OpenBucket => ({ id, remaining, expiresAt: expires ? d(expires) : null });
const now = d('2026-02-15');

describe('FIFO consumption', () => {
  it('spends the soonest-expiring points first, never-expiring last', () => {
    const buckets = [b('3', 50, null), b('2', 50, '2026-06-01'), b('1', 100, '2026-03-01')];
    expect(planConsumption(buckets, 120, now)).toEqual({ takes: [{ bucketId: '1', points: 100 }, { bucketId: '2', points: 20 }], shortfall: 0 });
  });

  it('orders equal expiries by age, comparing bigint ids numerically', () => {
    const buckets = [b('10', 5, '2026-03-01'), b('9', 5, '2026-03-01')];
    expect(planConsumption(buckets, 6, now).takes.map((t) => t.bucketId)).toEqual(['9', '10']);
  });

  it('never spends points that are already due, and reports the shortfall', () => {
    const buckets = [b('1', 100, '2026-02-15'), b('2', 30, '2026-05-01')];
    expect(planConsumption(buckets, 50, now)).toEqual({ takes: [{ bucketId: '2', points: 30 }], shortfall: 20 });
  });

  it('takes preferred buckets first (a refund takes back its own earn bucket)', () => {
    const buckets = [b('1', 100, '2026-03-01'), b('2', 40, '2026-09-01')];
    expect(planConsumption(buckets, 60, now, new Set(['2'])).takes).toEqual([{ bucketId: '2', points: 40 }, { bucketId: '1', points: 20 }]);
  });

  it('after a FIFO redemption, only what is left of a bucket expires', () => {
    const buckets = [b('1', 100, '2026-03-01'), b('2', 50, '2026-06-01')];
    const { takes } = planConsumption(buckets, 120, now);
    const after = buckets.map((x) => ({ ...x, remaining: x.remaining - (takes.find((t) => t.bucketId === x.id)?.points ?? 0) }));
    expect(dueBuckets(after, d('2026-03-01'))).toEqual([]);
    expect(dueBuckets(after, d('2026-06-01'))).toEqual([{ id: '2', remaining: 30, expiresAt: d('2026-06-01') }]);
  });
});

describe('planRestore', () => {
  const groups = [{ expiresAt: d('2026-01-31'), points: 100 }, { expiresAt: d('2026-08-01'), points: 50 }];
  it('gives back latest-expiry points first and forfeits the expired ones', () => {
    expect(planRestore(groups, 0, 150, now)).toEqual({ credits: [{ expiresAt: d('2026-08-01'), points: 50 }], forfeited: 100 });
  });
  it('continues where earlier partial restores stopped', () => {
    expect(planRestore(groups, 0, 30, now)).toEqual({ credits: [{ expiresAt: d('2026-08-01'), points: 30 }], forfeited: 0 });
    expect(planRestore(groups, 30, 40, now)).toEqual({ credits: [{ expiresAt: d('2026-08-01'), points: 20 }], forfeited: 20 });
  });
});

describe('expiryFor', () => {
  it('expires at the UTC midnight after the validity period; never without one', () => {
    expect(expiryFor(new Date('2026-01-10T15:30:00Z'), 30)).toEqual(new Date('2026-02-10T00:00:00Z'));
    expect(expiryFor(new Date('2026-01-10T00:00:00Z'), 1)).toEqual(new Date('2026-01-12T00:00:00Z'));
    expect(expiryFor(new Date(), null)).toBeNull();
  });
});
