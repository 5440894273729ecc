import type { JsonObject } from '../../../infrastructure/database';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Outbox of domain events: written in the transaction that caused them, dispatched after commit. */
@Entity('loyalty_event')
export class LoyaltyEventRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 60 }) type: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('uuid', { nullable: true }) memberId: string | null;
  @Column('uuid', { nullable: true }) cardId: string | null;
  @Column('uuid', { nullable: true }) orderId: string | null;
  @Column('jsonb') payload: JsonObject;
  @Column('timestamptz', { nullable: true }) dispatchedAt: Date | null;
  @Column('int') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
}

/** Cursors and outcome of each Odoo sync stream (partners pull, orders pull, balance push …). */
@Entity('loyalty_sync_state')
export class LoyaltySyncState {
  @Column('varchar', { length: 60, primary: true }) name: string;
  @Column('jsonb', { nullable: true }) cursor: JsonObject | null;
  @Column('timestamptz', { nullable: true }) lastRunAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastSuccessAt: Date | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz') updatedAt: Date;
}
