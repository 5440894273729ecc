import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../infrastructure/config';
import { ExpiryRepository } from '../persistence/expiry.repository';
import { LoyaltyEventsService } from './loyalty-events.service';

export interface ExpiryRunResult {
  asOf: string;
  cards: number;
  buckets: number;
  points: number;
  skippedLocked: number;
  batches: number;
}

/**
 * The daily point expiry: walks the cards holding due buckets in id order, in batches; each batch
 * is one transaction that locks what it can (SKIP LOCKED, so concurrent runs split the work
 * instead of waiting on each other) and expires them set-based. Cards skipped because someone held
 * them (a redemption in flight, another run) get a final pass that waits for their locks, so
 * everything due as of `asOf` has expired when the run ends; what another run already expired is
 * simply no longer open.
 */
@Injectable()
export class ExpiryService {
  private readonly logger = new Logger(ExpiryService.name);
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ExpiryRepository,
    private readonly config: AppConfig,
    private readonly events: LoyaltyEventsService,
  ) {}

  async run(asOf = new Date()): Promise<ExpiryRunResult> {
    const batchSize = this.config.loyalty.expiryBatchSize;
    const out: ExpiryRunResult = { asOf: asOf.toISOString(), cards: 0, buckets: 0, points: 0, skippedLocked: 0, batches: 0 };
    const skipped: string[] = [];
    let after: string | null = null;
    for (;;) {
      const ids = await this.repo.dueCardIds(this.ds.manager, asOf, after, batchSize);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const r = await this.ds.transaction(async (em) => {
        const locked = await this.repo.lockCards(em, ids, true);
        if (locked.length < ids.length) {
          const got = new Set(locked);
          skipped.push(...ids.filter((id) => !got.has(id)));
        }
        return this.repo.expireLocked(em, locked, asOf);
      });
      this.add(out, r);
      if (ids.length < batchSize) break;
    }
    out.skippedLocked = skipped.length;
    for (let i = 0; i < skipped.length; i += batchSize) {
      const chunk = skipped.slice(i, i + batchSize);
      const r = await this.ds.transaction(async (em) => this.repo.expireLocked(em, await this.repo.lockCards(em, chunk, false), asOf));
      this.add(out, r);
    }
    if (out.cards) this.events.poke();
    this.logger.log(out, 'point expiry finished');
    return out;
  }

  private add(out: ExpiryRunResult, r: { cards: number; buckets: number; points: number }): void {
    out.cards += r.cards;
    out.buckets += r.buckets;
    out.points += r.points;
    out.batches++;
  }
}
