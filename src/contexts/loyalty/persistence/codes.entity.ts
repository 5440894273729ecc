import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('loyalty_promo_code')
export class LoyaltyPromoCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 40 }) code: string;
  @Column('uuid', { nullable: true }) programId: string | null;
  @Column('varchar', { length: 120 }) name: string;
  @Column('varchar', { length: 12 }) discountType: 'percent' | 'fixed' | 'points';
  @Column('numeric', { precision: 14, scale: 2 }) discountValue: string;
  @Column('numeric', { precision: 14, scale: 2, nullable: true }) maxDiscount: string | null;
  @Column('int') bonusPoints: number;
  @Column('numeric', { precision: 14, scale: 2 }) minOrderAmount: string;
  @Column('text', { array: true }) productRefs: string[];
  @Column('text', { array: true }) categoryRefs: string[];
  @Column('timestamptz', { nullable: true }) validFrom: Date | null;
  @Column('timestamptz', { nullable: true }) validTo: Date | null;
  @Column('int', { nullable: true }) maxUses: number | null;
  @Column('int', { nullable: true }) maxUsesPerMember: number | null;
  @Column('int') usesCount: number;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('loyalty_referral')
export class LoyaltyReferral {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') referrerMemberId: string;
  @Column('uuid') refereeMemberId: string;
  @Column('varchar', { length: 20 }) code: string;
  @Column('uuid', { nullable: true }) programId: string | null;
  @Column('varchar', { length: 10 }) status: 'pending' | 'rewarded' | 'reversed';
  @Column('uuid', { nullable: true }) orderId: string | null;
  @Column('int') referrerPoints: number;
  @Column('int') refereePoints: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) rewardedAt: Date | null;
  @Column('timestamptz', { nullable: true }) reversedAt: Date | null;
}
