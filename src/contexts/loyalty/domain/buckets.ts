/**
 * Expiry buckets: every credit of points opens a bucket with its own expiry date; debits consume
 * open buckets first-expiring-first (FIFO when validity is uniform), so the points a member spends
 * are always the ones that would have expired soonest. Bucket ids are bigint strings.
 */
export interface OpenBucket {
  id: string;
  remaining: number;
  expiresAt: Date | null;
}

export interface BucketTake {
  bucketId: string;
  points: number;
}

const idOrder = (a: string, b: string) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

/** Soonest expiry first; buckets that never expire last; ties by age (id). */
export function fifoCompare(a: OpenBucket, b: OpenBucket): number {
  if (a.expiresAt && b.expiresAt && a.expiresAt.getTime() !== b.expiresAt.getTime()) return a.expiresAt.getTime() - b.expiresAt.getTime();
  if (a.expiresAt && !b.expiresAt) return -1;
  if (!a.expiresAt && b.expiresAt) return 1;
  return idOrder(a.id, b.id);
}

/**
 * Which buckets a debit of `points` consumes. `preferred` buckets go first (a refund takes back the
 * order's own earn bucket before touching older points). Buckets already due (`expiresAt <= now`)
 * are never spent. `shortfall` is what the open buckets could not cover.
 */
export function planConsumption(
  buckets: readonly OpenBucket[],
  points: number,
  now: Date,
  preferred: ReadonlySet<string> = new Set(),
): { takes: BucketTake[]; shortfall: number } {
  const usable = buckets
    .filter((b) => b.remaining > 0 && (!b.expiresAt || b.expiresAt > now))
    .sort((a, b) => Number(preferred.has(b.id)) - Number(preferred.has(a.id)) || fifoCompare(a, b));
  const takes: BucketTake[] = [];
  let left = points;
  for (const b of usable) {
    if (left <= 0) break;
    const take = Math.min(b.remaining, left);
    takes.push({ bucketId: b.id, points: take });
    left -= take;
  }
  return { takes, shortfall: Math.max(0, left) };
}

/** Buckets whose points are due to expire as of `now`. */
export function dueBuckets<T extends OpenBucket>(buckets: readonly T[], now: Date): T[] {
  return buckets.filter((b) => b.remaining > 0 && b.expiresAt !== null && b.expiresAt <= now);
}

/** Points a redemption took, grouped by the expiry of the buckets they came from. */
export interface ConsumedGroup {
  expiresAt: Date | null;
  points: number;
}

/**
 * Giving back redeemed points (an order refunded): they return with the expiry they had, latest
 * expiry first; points whose expiry has passed meanwhile are forfeited, as they would have expired
 * unspent. `alreadyHandled` is what earlier partial refunds of the same redemption gave back or forfeited.
 */
export function planRestore(
  groups: readonly ConsumedGroup[],
  alreadyHandled: number,
  points: number,
  now: Date,
): { credits: ConsumedGroup[]; forfeited: number } {
  const ordered = [...groups].sort((a, b) => -fifoCompare({ id: '0', remaining: 1, expiresAt: a.expiresAt }, { id: '0', remaining: 1, expiresAt: b.expiresAt }));
  let skip = alreadyHandled;
  let left = points;
  const credits: ConsumedGroup[] = [];
  let forfeited = 0;
  for (const g of ordered) {
    let available = g.points;
    const skipped = Math.min(skip, available);
    skip -= skipped;
    available -= skipped;
    if (available <= 0 || left <= 0) continue;
    const take = Math.min(available, left);
    left -= take;
    if (g.expiresAt && g.expiresAt <= now) forfeited += take;
    else {
      const same = credits.find((c) => (c.expiresAt?.getTime() ?? null) === (g.expiresAt?.getTime() ?? null));
      if (same) same.points += take;
      else credits.push({ expiresAt: g.expiresAt, points: take });
    }
  }
  return { credits, forfeited };
}

const DAY_MS = 86_400_000;

/**
 * When points earned at `at` expire: at the UTC midnight after `validityDays` days, so all points
 * earned on one day share one expiry instant (one line on a receipt, one bucket group to expire).
 */
export function expiryFor(at: Date, validityDays: number | null): Date | null {
  if (!validityDays) return null;
  const end = at.getTime() + validityDays * DAY_MS;
  return new Date(Math.floor(end / DAY_MS) * DAY_MS + DAY_MS);
}
