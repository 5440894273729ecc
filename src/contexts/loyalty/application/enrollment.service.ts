import { Injectable } from '@nestjs/common';
import { queryOne } from '../persistence/sql';
import { LoyaltyEventsService } from './loyalty-events.service';
import { MembersService, type CustomerIdentity, type MemberRow } from './members.service';
import { ReferralsService } from './referrals.service';
import { inTransaction } from './transactions';

export type EnrollReferral = 'registered' | 'self_referral' | 'already_referred' | 'not_first_order';

/** Enrolment: a member (found or created) with a card in the program, and who referred them. */
@Injectable()
export class EnrollmentService {
  constructor(private readonly members: MembersService, private readonly referrals: ReferralsService, private readonly events: LoyaltyEventsService) {}

  async enroll(input: CustomerIdentity & { programCode?: string | null; referralCode?: string | null }): Promise<{ member: MemberRow; created: boolean; cardId: string; referral?: EnrollReferral }> {
    const res = await inTransaction(this.members.dataSource, async (em) => {
      const program = await this.members.resolveProgram(em, input.programCode);
      const { member, created } = await this.members.resolveMember(em, input);
      const card = await this.members.ensureCard(em, member.id, program.id);
      let referral: EnrollReferral | undefined;
      if (input.referralCode) {
        const ordered = await queryOne(em, `SELECT 1 FROM loyalty_order WHERE member_id = $1 AND status <> 'processing' LIMIT 1`, [member.id]);
        referral = ordered ? 'not_first_order' : await this.referrals.register(em, member.id, input.referralCode, program.id);
      }
      return { member, created, cardId: card.id, referral };
    });
    if (res.created) this.events.poke();
    return res;
  }
}
