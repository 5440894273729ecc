import type { JsonObject } from '../database/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeadLetterStatus = 'dead' | 'replayed' | 'discarded';

/** A job that exhausted its retries (or failed permanently), kept for an operator to inspect and replay. */
@Entity('dead_letter_job')
@Index('ix_dead_letter_job_status_failed_at', ['status', 'failedAt'])
export class DeadLetterJob {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 100 }) queue: string;
  @Column('varchar', { length: 150 }) jobName: string;
  @Column('varchar', { length: 300 }) jobId: string;
  @Column('jsonb') payload: JsonObject;
  @Column('text') error: string;
  @Column('int') attempts: number;
  @Column('boolean', { default: false }) permanent: boolean;
  @Column('varchar', { length: 20, default: 'dead' }) status: DeadLetterStatus;
  @CreateDateColumn({ type: 'timestamptz' }) failedAt: Date;
  @Column('timestamptz', { nullable: true }) replayedAt: Date | null;
  @Column('varchar', { length: 300, nullable: true }) replayJobId: string | null;
  @Column('int', { default: 0 }) replayCount: number;
}
