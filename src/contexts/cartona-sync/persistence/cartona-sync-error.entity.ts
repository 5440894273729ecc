import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';

export type SyncErrorKind = 'product' | 'order' | 'ack' | 'status' | 'details' | 'pull' | 'push' | 'mapping';

/** An open sync problem an operator sees on the dashboard; repeated occurrences collapse into one row. */
@Entity('cartona_sync_error')
export class CartonaSyncError {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column('varchar', { length: 20 }) kind: SyncErrorKind;
  @Column('varchar', { length: 120 }) ref: string;
  @Column('varchar', { length: 60 }) code: string;
  @Column('text') message: string;
  @Column('jsonb', { nullable: true }) details: JsonObject | null;
  @Column('int', { default: 1 }) occurrences: number;
  @Column('timestamptz', { default: () => 'now()' }) firstAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) lastAt: Date;
  @Column('timestamptz', { nullable: true }) resolvedAt: Date | null;
}
