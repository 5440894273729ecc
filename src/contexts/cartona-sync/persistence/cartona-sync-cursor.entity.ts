import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A persisted watermark (e.g. the Odoo `write_date` polled up to), so a restart neither misses nor replays. */
@Entity('cartona_sync_cursor')
export class CartonaSyncCursor {
  @PrimaryColumn('uuid') accountId: string;
  @PrimaryColumn('varchar', { length: 60 }) name: string;
  @Column('text') value: string;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
