import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DowngradePolicy } from '../domain/tiers';

/** A ladder of tiers (Silver/Gold/Platinum) with its rolling window and downgrade policy. */
@Entity('loyalty_tier_set')
export class LoyaltyTierSet {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 40 }) code: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('uuid', { nullable: true }) primaryProgramId: string | null;
  @Column('int') windowDays: number;
  @Column('varchar', { length: 12 }) downgradePolicy: DowngradePolicy;
  @Column('int', { nullable: true }) downgradeAfterDays: number | null;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('loyalty_tier')
export class LoyaltyTier {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') tierSetId: string;
  @Column('varchar', { length: 40 }) code: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('int') rank: number;
  @Column('numeric', { precision: 14, scale: 2 }) thresholdAmount: string;
  @Column('numeric', { precision: 6, scale: 3 }) earnMultiplier: string;
  /** The Odoo membership product (product.product) whose membership line marks this tier. */
  @Column('int', { nullable: true }) odooMembershipProductId: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('loyalty_member_tier')
export class LoyaltyMemberTier {
  @PrimaryColumn('uuid') memberId: string;
  @PrimaryColumn('uuid') tierSetId: string;
  @Column('uuid', { nullable: true }) tierId: string | null;
  @Column('timestamptz', { nullable: true }) since: Date | null;
  @Column('numeric', { precision: 14, scale: 2 }) qualifyingAmount: string;
  @Column('timestamptz', { nullable: true }) belowSince: Date | null;
  @Column('timestamptz') evaluatedAt: Date;
}

@Entity('loyalty_tier_change')
export class LoyaltyTierChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') memberId: string;
  @Column('uuid') tierSetId: string;
  @Column('uuid', { nullable: true }) fromTierId: string | null;
  @Column('uuid', { nullable: true }) toTierId: string | null;
  @Column('varchar', { length: 12 }) reason: 'upgrade' | 'downgrade' | 'admin';
  @Column('numeric', { precision: 14, scale: 2 }) qualifyingAmount: string;
  @Column('timestamptz') windowStart: Date;
  @Column('timestamptz') windowEnd: Date;
  @Column('timestamptz') changedAt: Date;
  @Column('varchar', { length: 10 }) odooStatus: 'pending' | 'synced' | 'skipped' | 'failed';
  @Column('int', { nullable: true }) odooLineId: number | null;
  @Column('int') odooAttempts: number;
  @Column('text', { nullable: true }) odooError: string | null;
}
