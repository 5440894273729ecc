import type { JsonObject } from '../database/json';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One execution of a tracked (usually scheduled) job: when, how long, and how it ended. */
@Entity('job_run')
@Index('ix_job_run_queue_name_started', ['queue', 'jobName', 'startedAt'])
export class JobRun {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 100 }) queue: string;
  @Column('varchar', { length: 150 }) jobName: string;
  @Column('varchar', { length: 300, nullable: true }) jobId: string | null;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  @Column('int', { nullable: true }) durationMs: number | null;
  @Column('varchar', { length: 20 }) outcome: 'running' | 'succeeded' | 'failed';
  @Column('text', { nullable: true }) error: string | null;
  @Column('jsonb', { nullable: true }) result: JsonObject | null;
}
