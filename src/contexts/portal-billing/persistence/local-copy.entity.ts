import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';

export type RecordCopyKind = 'invoice' | 'payment' | 'order';

/** The last seen version of one Odoo record, for paged history served while Odoo is down. */
@Entity('portal_record_copy')
export class RecordCopy {
  @PrimaryColumn('varchar', { length: 20 }) kind: RecordCopyKind;
  @PrimaryColumn('int') odooId: number;
  @Column('int') commercialPartnerId: number;
  @Column('date', { nullable: true }) recordDate: string | null;
  @Column('jsonb') data: JsonObject;
  @Column('timestamptz') refreshedAt: Date;
}

/** A whole set as Odoo returned it at one moment (a customer's services, open invoices, the catalog). */
@Entity('portal_snapshot')
export class Snapshot {
  @PrimaryColumn('varchar', { length: 60 }) scopeKey: string;
  @PrimaryColumn('varchar', { length: 30 }) kind: string;
  @Column('jsonb') data: JsonObject;
  @Column('timestamptz') refreshedAt: Date;
}
