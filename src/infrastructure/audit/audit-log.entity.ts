import type { JsonObject } from '../database/json';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditSystem = 'odoo' | 'cartona' | 'abs' | 'mqtt' | 'webhook' | 'hub' | string;
export type AuditDirection = 'outbound' | 'inbound';
export type AuditStatus = 'ok' | 'error';

/** One cross-system call or event: the record of what the hub did with whom, and how it went. */
@Entity('audit_log')
@Index('ix_audit_log_system_at', ['system', 'occurredAt'])
@Index('ix_audit_log_correlation', ['correlationId'])
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('varchar', { length: 40 }) system: AuditSystem;
  @Column('varchar', { length: 10 }) direction: AuditDirection;
  @Column('varchar', { length: 200 }) operation: string;
  @Column('varchar', { length: 200, nullable: true }) correlationId: string | null;
  @Column('varchar', { length: 128, nullable: true }) requestId: string | null;
  @Column('varchar', { length: 10 }) status: AuditStatus;
  @Column('int', { nullable: true }) durationMs: number | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('jsonb', { nullable: true }) details: JsonObject | null;
}
