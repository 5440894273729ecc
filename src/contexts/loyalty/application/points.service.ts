import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { expiryFor } from '../domain/buckets';
import { IdempotencyConflict, InvalidLoyaltyInput } from '../domain/loyalty.errors';
import { LoyaltyEventType, type LoyaltyEventName } from '../loyalty.events';
import { ExpiryRepository } from '../persistence/expiry.repository';
import { PointLedgerRepository, type LockedCard, type MoveKind, type MoveRecord } from '../persistence/point-ledger.repository';
import { LoyaltyEventsService } from './loyalty-events.service';
import { MembersService } from './members.service';
import { inTransaction } from './transactions';

export interface PointsMoveResult {
  move: MoveRecord;
  cardId: string;
  cardCode: string;
  balance: number;
  replayed: boolean;
  expiresAt: Date | null;
}

type Op = 'earn' | 'redeem' | 'adjust';
const SOURCE: Record<Op, string> = { earn: 'api', redeem: 'api', adjust: 'admin' };

/**
 * Explicit point moves from partners (earn, redeem) and administrators (adjust). Each is
 * idempotent on (card, reference): a replay with the same content returns the first move, one
 * with different content is a 409. Redemption is a FIFO debit under the card's row lock plus a
 * conditional balance update, so no interleaving of concurrent requests can overspend.
 */
@Injectable()
export class PointsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly members: MembersService,
    private readonly ledger: PointLedgerRepository,
    private readonly expiry: ExpiryRepository,
    private readonly events: LoyaltyEventsService,
  ) {}

  earn(i: { cardRef: string; points: number; reference: string; reason?: string | null; expiresAt?: Date | null }, now = new Date()): Promise<PointsMoveResult> {
    if (i.expiresAt && i.expiresAt <= now) throw new InvalidLoyaltyInput('expiresAt must be in the future', { expiresAt: ['must be in the future'] });
    return this.move('earn', i.cardRef, i.points, i.reference, i.reason ?? null, now, i.expiresAt);
  }

  redeem(i: { cardRef: string; points: number; reference: string; reason?: string | null }, now = new Date()): Promise<PointsMoveResult> {
    return this.move('redeem', i.cardRef, i.points, i.reference, i.reason ?? null, now);
  }

  /** Signed correction by an administrator; a negative adjustment cannot take the balance below zero. */
  adjust(i: { cardRef: string; points: number; reference: string; reason: string }, now = new Date()): Promise<PointsMoveResult> {
    if (i.points === 0) throw new InvalidLoyaltyInput('An adjustment must not be zero', { points: ['must not be 0'] });
    return this.move('adjust', i.cardRef, i.points, i.reference, i.reason, now);
  }

  private async move(op: Op, cardRef: string, signedPoints: number, reference: string, reason: string | null, now: Date, expiresAt?: Date | null): Promise<PointsMoveResult> {
    const res = await inTransaction(this.ds, async (em) => {
      const cardId = await this.members.resolveCardId(em, cardRef);
      const card = await this.ledger.lockCard(em, cardId);
      const prior = await this.ledger.findMove(em, card.id, SOURCE[op], reference);
      if (prior) {
        const sameKind = prior.kind === (op === 'adjust' ? 'adjust' : op);
        const samePoints = prior.points === (op === 'redeem' ? -signedPoints : signedPoints);
        if (!sameKind || !samePoints) throw new IdempotencyConflict('Points move', reference);
        return { move: prior, card, replayed: true, expiresAt: null, event: null };
      }
      this.ledger.assertActive(card);
      await this.expiry.expireLocked(em, [card.id], now);
      card.balance = (await this.ledger.lockCard(em, card.id)).balance;
      const program = await this.members.programById(em, card.programId);
      let move: MoveRecord;
      let exp: Date | null = null;
      let type: LoyaltyEventName;
      if (op === 'earn' || (op === 'adjust' && signedPoints > 0)) {
        exp = expiresAt ?? expiryFor(now, program.pointValidityDays);
        move = await this.ledger.credit(em, card, {
          kind: op, points: signedPoints, source: SOURCE[op], sourceRef: reference, expiresAt: exp, description: reason,
          lifetime: op === 'earn' ? 'earned' : undefined,
        });
        type = op === 'earn' ? LoyaltyEventType.PointsEarned : LoyaltyEventType.PointsAdjusted;
      } else {
        const points = Math.abs(signedPoints);
        move = (await this.ledger.debit(em, card, {
          kind: op as Extract<MoveKind, 'redeem' | 'adjust'>, points, source: SOURCE[op], sourceRef: reference, description: reason,
          lifetime: op === 'redeem' ? 'redeemed' : undefined,
        }, now)).move!;
        type = op === 'redeem' ? LoyaltyEventType.PointsRedeemed : LoyaltyEventType.PointsAdjusted;
      }
      await this.events.record(em, [{
        type, memberId: card.memberId, cardId: card.id,
        data: {
          cardId: card.id, memberId: card.memberId, programId: card.programId, points: move.points, balance: move.balanceAfter, moveId: move.id,
          source: move.source, sourceRef: move.sourceRef, expiresAt: exp?.toISOString() ?? null, reason,
        },
      }]);
      return { move, card, replayed: false, expiresAt: exp, event: type };
    });
    if (!res.replayed) this.events.poke();
    const card: LockedCard = res.card;
    return { move: res.move, cardId: card.id, cardCode: card.code, balance: res.replayed ? res.move.balanceAfter : card.balance, replayed: res.replayed, expiresAt: res.expiresAt };
  }
}
