import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A loyalty program: base earning rate, point validity, redemption terms, referral rewards. */
@Entity('loyalty_program')
@Index('ux_loyalty_program_code', ['code'], { unique: true })
export class LoyaltyProgram {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 40 }) code: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('numeric', { precision: 12, scale: 4 }) pointsPerCurrencyUnit: string;
  @Column('numeric', { precision: 14, scale: 2 }) minOrderAmount: string;
  @Column('int', { nullable: true }) pointValidityDays: number | null;
  @Column('numeric', { precision: 12, scale: 4 }) redemptionValue: string;
  @Column('int') minRedeemPoints: number;
  @Column('numeric', { precision: 5, scale: 4 }) maxRedeemRatio: string;
  @Column('text', { array: true }) excludedProductRefs: string[];
  @Column('text', { array: true }) excludedCategoryRefs: string[];
  @Column('int') referrerPoints: number;
  @Column('int') refereePoints: number;
  @Column('numeric', { precision: 14, scale: 2 }) referralMinOrderAmount: string;
  @Column('boolean') isDefault: boolean;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { nullable: true }) validFrom: Date | null;
  @Column('timestamptz', { nullable: true }) validTo: Date | null;
  @Column('int', { nullable: true }) odooProgramId: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A bonus earning rule of a program (like Odoo's loyalty.rule). */
@Entity('loyalty_program_rule')
export class LoyaltyProgramRule {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') programId: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('varchar', { length: 10 }) scope: 'order' | 'product' | 'category';
  @Column('text', { array: true }) productRefs: string[];
  @Column('text', { array: true }) categoryRefs: string[];
  @Column('varchar', { length: 10 }) mode: 'money' | 'unit' | 'order';
  @Column('numeric', { precision: 12, scale: 4 }) points: string;
  @Column('numeric', { precision: 14, scale: 2 }) minimumAmount: string;
  @Column('numeric', { precision: 12, scale: 3 }) minimumQty: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { nullable: true }) validFrom: Date | null;
  @Column('timestamptz', { nullable: true }) validTo: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Something points buy at the till (like Odoo's loyalty.reward). */
@Entity('loyalty_reward')
export class LoyaltyReward {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') programId: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('varchar', { length: 20 }) rewardType: 'fixed_discount' | 'percent_discount' | 'free_product';
  @Column('int') requiredPoints: number;
  @Column('numeric', { precision: 14, scale: 2 }) discountAmount: string;
  @Column('numeric', { precision: 5, scale: 2 }) discountPercent: string;
  @Column('numeric', { precision: 14, scale: 2, nullable: true }) maxDiscount: string | null;
  @Column('varchar', { length: 120, nullable: true }) productRef: string | null;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
