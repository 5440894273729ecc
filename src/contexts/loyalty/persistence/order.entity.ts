import type { JsonObject } from '../../../infrastructure/database';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type LoyaltyOrderStatus = 'processing' | 'applied' | 'partially_refunded' | 'refunded';

/** An order the engine applied (from the API or pulled from Odoo); `result` is what a replay returns. */
@Entity('loyalty_order')
export class LoyaltyOrder {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 120 }) orderRef: string;
  @Column('varchar', { length: 20 }) source: string;
  @Column('char', { length: 64 }) requestHash: string;
  @Column('uuid', { nullable: true }) memberId: string | null;
  @Column('uuid', { nullable: true }) cardId: string | null;
  @Column('uuid', { nullable: true }) programId: string | null;
  @Column('timestamptz') orderedAt: Date;
  @Column('char', { length: 3 }) currency: string;
  @Column('numeric', { precision: 14, scale: 2 }) subtotalAmount: string;
  @Column('numeric', { precision: 14, scale: 2 }) discountAmount: string;
  @Column('numeric', { precision: 14, scale: 2 }) netAmount: string;
  @Column('numeric', { precision: 14, scale: 2 }) refundedAmount: string;
  @Column('int') pointsEarned: number;
  @Column('int') pointsRedeemed: number;
  @Column('int') pointsReversed: number;
  @Column('int') pointsRestored: number;
  @Column('int') pointsForfeited: number;
  @Column('numeric', { precision: 14, scale: 2 }) discountReversed: string;
  @Column('varchar', { length: 20 }) status: LoyaltyOrderStatus;
  @Column('jsonb') lines: JsonObject[];
  @Column('jsonb', { nullable: true }) result: JsonObject | null;
  @Column('int', { nullable: true }) odooOrderId: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('loyalty_order_refund')
export class LoyaltyOrderRefund {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') orderId: string;
  @Column('varchar', { length: 120 }) refundRef: string;
  @Column('char', { length: 64 }) requestHash: string;
  @Column('numeric', { precision: 14, scale: 2 }) amount: string;
  @Column('boolean') fullRefund: boolean;
  @Column('int') pointsReversed: number;
  @Column('int') pointsRestored: number;
  @Column('int') pointsUnrecovered: number;
  @Column('int') pointsForfeited: number;
  @Column('numeric', { precision: 14, scale: 2 }) discountReversed: string;
  @Column('varchar', { length: 300, nullable: true }) reason: string | null;
  @Column('jsonb', { nullable: true }) result: JsonObject | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
