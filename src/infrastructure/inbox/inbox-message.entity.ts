import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../database/json';

export type InboxStatus = 'received' | 'processing' | 'processed' | 'failed';

/** An inbound event, stored before it is acknowledged; unique per sender and sender's event id. */
@Entity('inbox_message')
@Index('ux_inbox_message_source_event', ['source', 'eventId'], { unique: true })
@Index('ix_inbox_message_status_received', ['status', 'receivedAt'])
export class InboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 64 }) source: string;
  @Column('varchar', { length: 200 }) eventId: string;
  @Column('jsonb') payload: JsonObject;
  @Column('varchar', { length: 20, default: 'received' }) status: InboxStatus;
  @Column('timestamptz', { default: () => 'now()' }) receivedAt: Date;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) processedAt: Date | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('varchar', { length: 128, nullable: true }) requestId: string | null;
}
