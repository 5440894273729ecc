import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { LinkAttempt } from './link-attempt.entity';
import { PartnerLink } from './partner-link.entity';

export interface AttemptLimits {
  windowSeconds: number;
  maxPerAccount: number;
  maxPerIp: number;
}

export type AttemptGate =
  | { allowed: true; attemptId: string; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

// A pending attempt older than this is a crashed request; it stops counting.
const PENDING_TTL_SECONDS = 120;

@Injectable()
export class PartnerLinkRepository {
  constructor(
    @InjectRepository(PartnerLink) private readonly links: Repository<PartnerLink>,
    @InjectRepository(LinkAttempt) private readonly attempts: Repository<LinkAttempt>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  findByAccount(accountId: string): Promise<PartnerLink | null> {
    return this.links.findOneBy({ accountId });
  }

  findByPartner(partnerId: number): Promise<PartnerLink | null> {
    return this.links.findOneBy({ partnerId });
  }

  /** Inserts the link; false when the account or the partner is already linked. */
  async insert(link: PartnerLink): Promise<boolean> {
    const res = await this.links.createQueryBuilder().insert().values(link).orIgnore().returning('account_id').execute();
    return (res.raw as unknown[]).length > 0;
  }

  /** Admin link: replaces the account's link atomically (the partner must not belong to another account). */
  async replace(link: PartnerLink): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.delete(PartnerLink, { accountId: link.accountId });
      await em.insert(PartnerLink, link);
    });
  }

  async delete(accountId: string): Promise<PartnerLink | null> {
    const existing = await this.links.findOneBy({ accountId });
    if (!existing) return null;
    const res = await this.links.delete({ accountId });
    return res.affected ? existing : null;
  }

  list(filter: { partnerId?: number; commercialPartnerId?: number; offset: number; limit: number }): Promise<[PartnerLink[], number]> {
    return this.links.findAndCount({
      where: { ...(filter.partnerId ? { partnerId: filter.partnerId } : {}), ...(filter.commercialPartnerId ? { commercialPartnerId: filter.commercialPartnerId } : {}) },
      order: { linkedAt: 'DESC' },
      skip: filter.offset,
      take: filter.limit,
    });
  }

  listCommercialPartnerIds(): Promise<number[]> {
    return this.ds
      .query<Array<{ id: number }>>(`SELECT DISTINCT commercial_partner_id AS id FROM portal_partner_link ORDER BY 1`)
      .then((rows) => rows.map((r) => r.id));
  }

  async updateFamily(commercialPartnerId: number, family: number[], at = new Date()): Promise<void> {
    await this.links.update({ commercialPartnerId }, { familyPartnerIds: family, refreshedAt: at });
  }

  /**
   * Counts recent failures of the account and of the IP and, if both are under their limit,
   * records a pending attempt, all under a per-account advisory lock so parallel requests cannot
   * slip past the limit together.
   */
  async beginAttempt(accountId: string, ip: string | null, limits: AttemptLimits): Promise<AttemptGate> {
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('portal-link:' || $1))`, [accountId]);
      const counted = `(outcome = 'failed' OR (outcome = 'pending' AND created_at > now() - make_interval(secs => ${PENDING_TTL_SECONDS})))`;
      const [acc] = await em.query<Array<{ n: string; oldest: Date | null }>>(
        `SELECT count(*) AS n, min(created_at) AS oldest FROM portal_link_attempt
          WHERE account_id = $1 AND created_at > now() - make_interval(secs => $2) AND ${counted}`,
        [accountId, limits.windowSeconds],
      );
      const [byIp] = ip
        ? await em.query<Array<{ n: string; oldest: Date | null }>>(
          `SELECT count(*) AS n, min(created_at) AS oldest FROM portal_link_attempt
            WHERE ip = $1 AND created_at > now() - make_interval(secs => $2) AND ${counted}`,
          [ip, limits.windowSeconds],
        )
        : [{ n: '0', oldest: null }];
      const blockedBy = [
        Number(acc.n) >= limits.maxPerAccount ? acc.oldest : null,
        Number(byIp.n) >= limits.maxPerIp ? byIp.oldest : null,
      ].filter((d): d is Date => d !== null);
      if (blockedBy.length) {
        const until = Math.max(...blockedBy.map((d) => new Date(d).getTime() + limits.windowSeconds * 1000));
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)) };
      }
      const [row] = await em.query<Array<{ id: string }>>(
        `INSERT INTO portal_link_attempt (account_id, ip, outcome) VALUES ($1, $2, 'pending') RETURNING id`,
        [accountId, ip],
      );
      return { allowed: true, attemptId: String(row.id), remaining: limits.maxPerAccount - Number(acc.n) - 1 };
    });
  }

  async finishAttempt(attemptId: string, outcome: 'succeeded' | 'failed' | 'aborted', reason: string | null): Promise<void> {
    await this.attempts.update(attemptId, { outcome, reason });
  }
}
