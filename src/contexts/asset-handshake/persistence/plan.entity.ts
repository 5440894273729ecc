import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';
import type { AccessReason, PaymentCycleState, SwapAccess } from '../domain/payment-cycle';

/** The hub's mirror of one ABS ServicePlan: identifiers, cycle states as ABS reported them, access, usage. */
@Entity('asset_handshake_plan')
@Index('ux_asset_handshake_plan_order', ['orderId'], { unique: true })
export class HandshakePlan {
  @PrimaryColumn('varchar', { length: 200 }) planId: string;
  @Column('uuid') allocationFlowId: string;
  @Column('int') orderId: number;
  @Column('int') partnerId: number;
  @Column('varchar', { length: 200 }) contractRef: string;
  @Column('varchar', { length: 200 }) contractLineRef: string;
  @Column('varchar', { length: 200, nullable: true }) assetRef: string | null;
  @Column('varchar', { length: 200 }) customerRef: string;
  @Column('varchar', { length: 200 }) templateId: string;
  @Column('varchar', { length: 20, default: 'active' }) status: 'active' | 'cancelled';
  @Column('varchar', { length: 30, default: 'INITIAL' }) paymentCycleState: PaymentCycleState;
  @Column('boolean', { default: false }) depositConfirmed: boolean;
  @Column('boolean', { default: false }) quotaExhausted: boolean;
  @Column('boolean', { default: false }) serviceCancelled: boolean;
  @Column('boolean', { default: false }) batteryHeld: boolean;
  @Column('boolean', { default: false }) batteryLost: boolean;
  @Column('varchar', { length: 20, default: 'pending' }) access: SwapAccess;
  @Column('varchar', { length: 40, default: 'awaiting_deposit' }) accessReason: AccessReason;
  @Column('timestamptz', { nullable: true }) accessChangedAt: Date | null;
  @Column('varchar', { length: 200, nullable: true }) currentAsset: string | null;
  @Column('timestamptz', { nullable: true }) currentAssetAt: Date | null;
  @Column('int', { default: 0 }) swapsTotal: number;
  @Column('numeric', { precision: 14, scale: 3, default: 0 }) energyKwhTotal: string;
  @Column('numeric', { precision: 14, scale: 2, default: 0 }) paidServicesTotal: string;
  @Column('jsonb', { nullable: true }) serviceStates: JsonObject[] | null;
  @Column('jsonb', { nullable: true }) lastSync: JsonObject | null;
  @Column('timestamptz', { nullable: true }) lastEventAt: Date | null;
  @Column('date', { nullable: true }) endDate: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
