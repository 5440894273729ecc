import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';

/** One entry of a flow's timeline: a transition, a message sent or received, a retry, an operator action. */
@Entity('asset_handshake_flow_event')
@Index('ix_asset_handshake_flow_event_flow', ['flowId', 'id'])
export class HandshakeFlowEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') flowId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('varchar', { length: 40 }) event: string;
  @Column('varchar', { length: 20, nullable: true }) fromState: string | null;
  @Column('varchar', { length: 20, nullable: true }) toState: string | null;
  @Column('varchar', { length: 40, nullable: true }) step: string | null;
  @Column('int') generation: number;
  @Column('varchar', { length: 100 }) correlationId: string;
  @Column('jsonb', { nullable: true }) detail: JsonObject | null;
  @Column('text', { nullable: true }) error: string | null;
}
