import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';
import type { FlowIntent, FlowKind, FlowState, FlowWaitReason } from '../domain/flow-state';

/** One handshake: a state machine per Odoo record (or ABS event) and kind, with its desired data. */
@Entity('asset_handshake_flow')
@Index('ux_asset_handshake_flow_subject', ['kind', 'subjectModel', 'subjectId'], { unique: true })
@Index('ux_asset_handshake_flow_correlation', ['correlationId'], { unique: true })
export class HandshakeFlow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 30 }) kind: FlowKind;
  @Column('varchar', { length: 64 }) subjectModel: string;
  @Column('varchar', { length: 200 }) subjectId: string;
  @Column('varchar', { length: 200, nullable: true }) subjectRef: string | null;
  @Column('varchar', { length: 20 }) state: FlowState;
  @Column('varchar', { length: 20, default: 'apply' }) intent: FlowIntent;
  @Column('varchar', { length: 40, nullable: true }) step: string | null;
  @Column('int', { default: 1 }) generation: number;
  @Column('varchar', { length: 100 }) correlationId: string;
  @Column('varchar', { length: 200, nullable: true }) planId: string | null;
  @Column('varchar', { length: 200, nullable: true }) contractRef: string | null;
  @Column('varchar', { length: 200, nullable: true }) assetRef: string | null;
  @Column('varchar', { length: 200, nullable: true }) customerRef: string | null;
  @Column('jsonb', { default: () => "'{}'::jsonb" }) data: JsonObject;
  @Column('jsonb', { nullable: true }) result: JsonObject | null;
  @Column('varchar', { length: 30, nullable: true }) waitingFor: FlowWaitReason | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('timestamptz', { nullable: true }) nextAttemptAt: Date | null;
  @Column('varchar', { length: 64, nullable: true }) leaseOwner: string | null;
  @Column('timestamptz', { nullable: true }) leaseUntil: Date | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('varchar', { length: 100, nullable: true }) errorCode: string | null;
  @Column('timestamptz', { nullable: true }) stuckSince: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) requestedAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { nullable: true }) failedAt: Date | null;
  @Column('timestamptz', { nullable: true }) compensatedAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  @Column('int', { default: 1 }) version: number;
}
