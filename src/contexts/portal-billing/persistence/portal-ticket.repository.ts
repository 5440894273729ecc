import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import type { TicketRecord } from '../domain/portal.types';
import { PortalTicket } from './portal-ticket.entity';

export type NewLocalTicket = Pick<PortalTicket, 'reference' | 'accountId' | 'commercialPartnerId' | 'partnerId' | 'idempotencyKey' | 'subject' | 'description' | 'priority'>;

@Injectable()
export class PortalTicketRepository {
  constructor(@InjectRepository(PortalTicket) private readonly repo: Repository<PortalTicket>) {}

  /** Stores a new portal ticket as pending; with an idempotency key, a repeat returns the first one. */
  async insertPending(t: NewLocalTicket): Promise<{ ticket: PortalTicket; duplicate: boolean }> {
    const res = await this.repo.createQueryBuilder().insert()
      .values({ ...t, syncStatus: 'pending', stage: null, isClosed: false })
      .orIgnore()
      .returning('*')
      .execute();
    const raw = res.raw as Array<Record<string, unknown>>;
    if (raw.length) return { ticket: (await this.repo.findOneBy({ id: raw[0].id as string }))!, duplicate: false };
    const existing = await this.repo.findOneBy({ accountId: t.accountId!, idempotencyKey: t.idempotencyKey! });
    if (!existing) throw new Error('ticket insert ignored without an idempotency conflict');
    return { ticket: existing, duplicate: true };
  }

  findById(id: string): Promise<PortalTicket | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * Records the Odoo ticket a portal ticket became. A listing may have copied that Odoo ticket
   * already (created, answer lost, listed before the retry): that reference-less copy is dropped
   * so the portal's row, with its reference, is the one kept.
   */
  async markSynced(id: string, odoo: TicketRecord): Promise<PortalTicket> {
    await this.repo.manager.transaction(async (em) => {
      await em.delete(PortalTicket, { odooModel: odoo.odooModel, odooId: odoo.odooId, reference: IsNull() });
      await em.update(PortalTicket, id, {
        syncStatus: 'synced', odooModel: odoo.odooModel, odooId: odoo.odooId, stage: odoo.stage, isClosed: odoo.closed,
        odooCreatedAt: odoo.createdAt, lastError: null, updatedAt: new Date(), refreshedAt: new Date(),
      });
    });
    return (await this.repo.findOneBy({ id }))!;
  }

  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.repo.createQueryBuilder().update()
      .set({ attempts: () => 'attempts + 1', lastError: error.slice(0, 2000), updatedAt: new Date(), ...(final ? { syncStatus: 'failed' as const } : {}) })
      .where('id = :id', { id })
      .execute();
  }

  /** Forgets a ticket Odoo refused outright, so it does not linger as a phantom in the customer's list. */
  async deleteUnsynced(id: string): Promise<void> {
    await this.repo.delete({ id, syncStatus: 'pending' });
  }

  listForPartner(commercialPartnerId: number, limit: number): Promise<PortalTicket[]> {
    return this.repo.find({ where: { commercialPartnerId }, order: { createdAt: 'DESC' }, take: limit });
  }

  countOpen(commercialPartnerId: number): Promise<number> {
    return this.repo.countBy({ commercialPartnerId, isClosed: false });
  }

  pendingOlderThan(seconds: number, limit: number): Promise<PortalTicket[]> {
    return this.repo.find({
      where: { syncStatus: 'pending', updatedAt: LessThan(new Date(Date.now() - seconds * 1000)) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /**
   * Refreshes the local copies from Odoo's list: known tickets get Odoo's stage and state, tickets
   * opened in Odoo directly are added (no portal reference).
   */
  async upsertFromOdoo(commercialPartnerId: number, all: TicketRecord[], at = new Date()): Promise<void> {
    // A portal ticket still pending here but already in Odoo (its reference is in Odoo's copy): complete it in place.
    const tickets: TicketRecord[] = [];
    for (const t of all) {
      const mine = t.reference ? await this.repo.findOneBy({ reference: t.reference, commercialPartnerId }) : null;
      if (mine && (mine.odooId === null || mine.odooId === t.odooId)) await this.markSynced(mine.id, t);
      else tickets.push(t);
    }
    if (!tickets.length) return;
    const params: unknown[] = [commercialPartnerId, at];
    const rows = tickets.map((t) => {
      params.push(t.odooModel, t.odooId, t.partnerId ?? commercialPartnerId, t.subject.slice(0, 200), t.description, t.priority,
        t.stage?.slice(0, 120) ?? null, t.closed, t.createdAt);
      const b = params.length - 9;
      return `($${b + 1}, $${b + 2}, $1, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, 'synced', $${b + 9}, COALESCE($${b + 9}::timestamptz, $2::timestamptz), $2, $2)`;
    });
    await this.repo.query(
      `INSERT INTO portal_ticket (odoo_model, odoo_id, commercial_partner_id, partner_id, subject, description, priority, stage, is_closed,
         sync_status, odoo_created_at, created_at, updated_at, refreshed_at)
       VALUES ${rows.join(', ')}
       ON CONFLICT (odoo_model, odoo_id) WHERE odoo_id IS NOT NULL DO UPDATE SET
         subject = EXCLUDED.subject, description = EXCLUDED.description, priority = EXCLUDED.priority, stage = EXCLUDED.stage,
         is_closed = EXCLUDED.is_closed, commercial_partner_id = EXCLUDED.commercial_partner_id, partner_id = EXCLUDED.partner_id,
         updated_at = EXCLUDED.updated_at, refreshed_at = EXCLUDED.refreshed_at`,
      params,
    );
  }
}
