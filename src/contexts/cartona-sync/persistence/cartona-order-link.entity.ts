import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';

export type OrderLinkState = 'received' | 'importing' | 'held' | 'imported' | 'conflict' | 'failed';
export type StatusPushState = 'idle' | 'pending' | 'failed' | 'rejected' | 'waiting_otp';

/**
 * One Cartona order and its Odoo sale order: unique on `hashed_id`, so a second pull, a webhook
 * push or a retried job finds the same row. `payloadHash` vs `appliedHash` tells whether the
 * latest Cartona version reached Odoo; `ackedHash` whether Cartona was told `synced` for it.
 */
@Entity('cartona_order_link')
export class CartonaOrderLink {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') accountId: string;
  @Column('varchar', { length: 100 }) hashedId: string;
  @Column('varchar', { length: 40, nullable: true }) supplierCode: string | null;
  /** What Cartona says the status is (from pulls, and after a push it accepted). */
  @Column('varchar', { length: 40, nullable: true }) cartonaStatus: string | null;
  /** The Cartona status last applied to the Odoo order (inbound), so it is applied once. */
  @Column('varchar', { length: 40, nullable: true }) appliedStatus: string | null;
  @Column('varchar', { length: 30, nullable: true }) deliveredBy: string | null;
  @Column('varchar', { length: 20, nullable: true }) paymentMethod: string | null;
  @Column('boolean', { default: false }) needsOtp: boolean;
  @Column('jsonb') payload: JsonObject;
  @Column('char', { length: 64 }) payloadHash: string;
  @Column('char', { length: 64, nullable: true }) appliedHash: string | null;
  @Column('varchar', { length: 20, default: 'received' }) state: OrderLinkState;
  @Column('int', { nullable: true }) odooOrderId: number | null;
  @Column('varchar', { length: 64, nullable: true }) odooOrderName: string | null;
  @Column('varchar', { length: 20, nullable: true }) odooState: string | null;
  /** Cartona order-detail id → Odoo sale.order.line id, for line edits both ways. */
  @Column('jsonb', { nullable: true }) lineMap: Array<{ cartonaLineId: number; odooLineId: number }> | null;
  @Column('varchar', { length: 60, nullable: true }) errorCode: string | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('uuid', { nullable: true }) claimId: string | null;
  @Column('timestamptz', { nullable: true }) claimedAt: Date | null;
  @Column('char', { length: 64, nullable: true }) ackedHash: string | null;
  @Column('timestamptz', { nullable: true }) ackedAt: Date | null;
  @Column('int', { default: 0 }) ackAttempts: number;
  @Column('text', { nullable: true }) ackError: string | null;
  @Column('varchar', { length: 40, nullable: true }) statusTarget: string | null;
  @Column('varchar', { length: 60, nullable: true }) statusReason: string | null;
  @Column('varchar', { length: 12, default: 'idle' }) statusPushState: StatusPushState;
  @Column('int', { default: 0 }) statusPushAttempts: number;
  @Column('text', { nullable: true }) statusPushError: string | null;
  @Column('timestamptz', { nullable: true }) statusPushedAt: Date | null;
  @Column('varchar', { length: 40, nullable: true }) retailerOtp: string | null;
  @Column('varchar', { length: 12, default: 'idle' }) detailsPushState: 'idle' | 'pending' | 'failed' | 'rejected';
  @Column('text', { nullable: true }) detailsPushError: string | null;
  @Column('timestamptz', { default: () => 'now()' }) firstSeenAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) lastSeenAt: Date;
  @Column('timestamptz', { nullable: true }) importedAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
