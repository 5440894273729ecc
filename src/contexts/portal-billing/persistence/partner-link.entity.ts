import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LinkMethod = 'customer_ref' | 'invoice_number' | 'admin';

/** A portal account ↔ its Odoo partner. Scope of every portal read: the commercial partner and its contacts. */
@Entity('portal_partner_link')
export class PartnerLink {
  @PrimaryColumn('uuid') accountId: string;
  @Column('int') partnerId: number;
  @Column('int') commercialPartnerId: number;
  @Column('varchar', { length: 300 }) partnerName: string;
  @Column('varchar', { length: 254, nullable: true }) partnerEmail: string | null;
  @Column('int', { array: true, default: () => "'{}'" }) familyPartnerIds: number[];
  @Column('varchar', { length: 64, nullable: true }) timezone: string | null;
  @Column('varchar', { length: 20 }) method: LinkMethod;
  @Column('uuid', { nullable: true }) linkedBy: string | null;
  @Column('timestamptz') linkedAt: Date;
  @Column('timestamptz') refreshedAt: Date;
}
