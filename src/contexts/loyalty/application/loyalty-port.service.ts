import { Injectable } from '@nestjs/common';
import { toMinor } from '../domain/money';
import { LoyaltyPort, type LoyaltyMemberSummary } from '../loyalty.port';
import { CardsQueryService } from './cards-query.service';
import { MembersService } from './members.service';
import { OrdersService } from './orders.service';
import { TiersService } from './tiers.service';

/** The Loyalty context's implementation of its port. */
@Injectable()
export class LoyaltyPortService extends LoyaltyPort {
  constructor(
    private readonly members: MembersService,
    private readonly cards: CardsQueryService,
    private readonly tiers: TiersService,
    private readonly orders: OrdersService,
  ) {
    super();
  }

  async memberSummaryByOdooPartner(odooPartnerId: number): Promise<LoyaltyMemberSummary | null> {
    const em = this.members.dataSource.manager;
    const member = await this.members.findMember(em, { odooPartnerId });
    if (!member) return null;
    const cards = await this.members.cardsOf(em, member.id);
    const balances = await Promise.all(cards.map((c) => this.cards.balance(c.id)));
    const tiers = await this.tiers.memberTiers(em, member.id);
    return {
      memberId: member.id, referralCode: member.referralCode,
      cards: balances.map((b) => ({
        cardId: b.cardId, cardCode: b.cardCode, programCode: b.programCode, balance: b.balance,
        nextExpiry: b.nextExpiry ? { points: b.nextExpiry.points, expiresAt: b.nextExpiry.expiresAt.toISOString() } : null,
      })),
      tiers: tiers.map((t) => ({ tierSetCode: t.tierSetCode, tierCode: t.tier?.code ?? null, tierName: t.tier?.name ?? null, since: t.since?.toISOString() ?? null })),
    };
  }

  async recordOrder(o: Parameters<LoyaltyPort['recordOrder']>[0]): Promise<{ pointsEarned: number; balance: number; replayed: boolean }> {
    const r = await this.orders.apply({
      orderRef: o.orderRef, source: o.source, orderedAt: o.orderedAt, currency: o.currency, customer: { odooPartnerId: o.odooPartnerId },
      lines: o.lines.map((l) => ({ productRef: l.productRef, categoryRef: l.categoryRef ?? null, quantity: l.quantity, unitPriceMinor: toMinor(l.unitPrice), lineDiscountMinor: 0 })),
    });
    return { pointsEarned: r.pointsEarned, balance: r.balance, replayed: r.replayed };
  }
}
