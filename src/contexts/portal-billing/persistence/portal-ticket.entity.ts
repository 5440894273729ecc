import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketModel, TicketPriority } from '../domain/portal.types';

export type TicketSyncStatus = 'pending' | 'synced' | 'failed';

/**
 * The portal's copy of a customer's ticket. Portal-created tickets are stored here first
 * (sync_status pending) and created in Odoo inline or, while Odoo is down, by a queued job;
 * tickets opened in Odoo by agents arrive through refresh (no reference).
 */
@Entity('portal_ticket')
export class PortalTicket {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 20, nullable: true }) reference: string | null;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column('int') commercialPartnerId: number;
  @Column('int') partnerId: number;
  @Column('varchar', { length: 100, nullable: true }) idempotencyKey: string | null;
  @Column('varchar', { length: 40, nullable: true }) odooModel: TicketModel | null;
  @Column('int', { nullable: true }) odooId: number | null;
  @Column('varchar', { length: 200 }) subject: string;
  @Column('text') description: string;
  @Column('varchar', { length: 10 }) priority: TicketPriority;
  @Column('varchar', { length: 120, nullable: true }) stage: string | null;
  @Column('boolean', { default: false }) isClosed: boolean;
  @Column('varchar', { length: 20 }) syncStatus: TicketSyncStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) odooCreatedAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) refreshedAt: Date | null;
}
