import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where the `write_date` poller stopped, per Odoo model: (write_date, id) of the last record seen. */
@Entity('asset_handshake_cursor')
export class PollCursor {
  @PrimaryColumn('varchar', { length: 100 }) name: string;
  @Column('varchar', { length: 30 }) writeDate: string;
  @Column('int', { default: 0 }) lastId: number;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
