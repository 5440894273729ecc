import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { CartonaSyncError, type SyncErrorKind } from './cartona-sync-error.entity';

export interface ErrorFilter { accountId?: string; kind?: SyncErrorKind; limit: number; offset: number }

/** Open sync problems: one row per (kind, ref, code) until resolved; repeats bump `occurrences`. */
@Injectable()
export class SyncErrorRepository {
  constructor(
    @InjectRepository(CartonaSyncError) private readonly repo: Repository<CartonaSyncError>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async raise(e: { accountId: string | null; kind: SyncErrorKind; ref: string; code: string; message: string; details?: Record<string, unknown> }): Promise<void> {
    await this.ds.query(
      `INSERT INTO cartona_sync_error (account_id, kind, ref, code, message, details)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, ref, code) WHERE resolved_at IS NULL
       DO UPDATE SET occurrences = cartona_sync_error.occurrences + 1, last_at = now(), message = EXCLUDED.message, details = EXCLUDED.details`,
      [e.accountId, e.kind, e.ref.slice(0, 120), e.code.slice(0, 60), e.message.slice(0, 4000), e.details ? JSON.stringify(e.details) : null],
    );
  }

  /** Marks the open errors of one ref (optionally of some kinds) resolved. */
  async resolve(ref: string, kinds?: SyncErrorKind[]): Promise<void> {
    const qb = this.repo.createQueryBuilder().update().set({ resolvedAt: () => 'now()' }).where('ref = :ref AND resolved_at IS NULL', { ref });
    if (kinds?.length) qb.andWhere('kind IN (:...kinds)', { kinds });
    await qb.execute();
  }

  async resolveRefs(refs: string[], kinds: SyncErrorKind[]): Promise<void> {
    if (!refs.length) return;
    await this.ds.query(
      `UPDATE cartona_sync_error SET resolved_at = now() WHERE resolved_at IS NULL AND ref = ANY($1::text[]) AND kind = ANY($2::text[])`,
      [refs, kinds],
    );
  }

  async resolveById(id: string): Promise<void> {
    await this.repo.update({ id, resolvedAt: IsNull() }, { resolvedAt: new Date() });
  }

  list(f: ErrorFilter): Promise<[CartonaSyncError[], number]> {
    const qb = this.repo.createQueryBuilder('e').where('e.resolved_at IS NULL').orderBy('e.last_at', 'DESC').take(f.limit).skip(f.offset);
    if (f.accountId) qb.andWhere('e.account_id = :a', { a: f.accountId });
    if (f.kind) qb.andWhere('e.kind = :k', { k: f.kind });
    return qb.getManyAndCount();
  }

  findOpen(id: string): Promise<CartonaSyncError | null> {
    return this.repo.findOneBy({ id, resolvedAt: IsNull() });
  }

  async countsByKind(accountId?: string): Promise<Record<string, number>> {
    const rows: Array<{ kind: string; n: string }> = await this.ds.query(
      `SELECT kind, count(*) AS n FROM cartona_sync_error WHERE resolved_at IS NULL AND ($1::uuid IS NULL OR account_id = $1) GROUP BY kind`,
      [accountId ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }
}
