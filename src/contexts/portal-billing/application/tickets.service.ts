import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../../infrastructure/config';
import { PermanentJobError, ValidationFailed } from '../../../infrastructure/errors';
import type { PartnerScope, TicketPriority } from '../domain/portal.types';
import { PortalOdooPort } from '../integration/portal-odoo.port';
import { LocalCopyRepository, scopeKey } from '../persistence/local-copy.repository';
import type { PortalTicket } from '../persistence/portal-ticket.entity';
import { PortalTicketRepository } from '../persistence/portal-ticket.repository';
import { isUpstreamFailure } from './freshness';
import { PortalJobsService } from './portal-jobs.service';

export interface NewTicketInput {
  subject: string;
  description: string;
  priority: TicketPriority;
  serviceId?: string;
}

export interface CreatedTicket {
  ticket: PortalTicket;
  /** Odoo could not take it now; a job creates it when Odoo is back. */
  queued: boolean;
  duplicate: boolean;
}

// Crockford base32: no I, L, O, U, so a reference read over the phone is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newTicketReference(): string {
  const bytes = randomBytes(8);
  return `PT-${[...bytes].map((b) => ALPHABET[b % 32]).join('')}`;
}

/**
 * Ticket creation: stored locally first (nothing the customer sent is lost), then created in
 * Odoo inline; while Odoo is down the ticket is queued and created later. The Odoo record
 * carries the portal reference, so a retried creation finds its own earlier write instead of
 * opening a duplicate.
 */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);
  constructor(
    private readonly tickets: PortalTicketRepository,
    private readonly odoo: PortalOdooPort,
    private readonly copies: LocalCopyRepository,
    private readonly jobs: PortalJobsService,
    private readonly config: AppConfig,
  ) {}

  async create(scope: PartnerScope, input: NewTicketInput, idempotencyKey?: string): Promise<CreatedTicket> {
    const description = await this.describe(scope, input);
    const { ticket, duplicate } = await this.tickets.insertPending({
      reference: newTicketReference(),
      accountId: scope.accountId,
      commercialPartnerId: scope.commercialPartnerId,
      partnerId: scope.partnerId,
      idempotencyKey: idempotencyKey ?? null,
      subject: input.subject.trim(),
      description,
      priority: input.priority,
    });
    if (duplicate || ticket.syncStatus !== 'pending') return { ticket, queued: ticket.syncStatus === 'pending', duplicate };

    try {
      const synced = await this.sync(ticket, { timeoutMs: this.config.portal.odooReadTimeoutMs });
      return { ticket: synced, queued: false, duplicate: false };
    } catch (err) {
      if (isUpstreamFailure(err)) {
        await this.tickets.recordFailure(ticket.id, `${err.code}: ${err.message}`, false);
        await this.jobs.createTicket(ticket.id);
        this.logger.warn({ ticketId: ticket.id, code: err.code }, 'Odoo unavailable: ticket queued');
        return { ticket: (await this.tickets.findById(ticket.id))!, queued: true, duplicate: false };
      }
      // Odoo refused it for a business reason: nothing was created, so forget the local row too.
      await this.tickets.deleteUnsynced(ticket.id);
      throw err;
    }
  }

  /** The queued job: create in Odoo unless already done (re-reads state first). */
  async syncQueued(ticketId: string, finalAttempt: boolean): Promise<PortalTicket | null> {
    const ticket = await this.tickets.findById(ticketId);
    if (!ticket || ticket.syncStatus !== 'pending') return ticket;
    try {
      return await this.sync(ticket);
    } catch (err) {
      const transient = isUpstreamFailure(err);
      await this.tickets.recordFailure(ticket.id, err instanceof Error ? err.message : String(err), !transient);
      if (!transient) throw new PermanentJobError(`Odoo refused ticket ${ticket.reference}`, err);
      if (finalAttempt) this.logger.warn({ ticketId }, 'ticket still pending after all attempts; the sweeper will retry');
      throw err;
    }
  }

  private async sync(ticket: PortalTicket, opts?: { timeoutMs?: number }): Promise<PortalTicket> {
    const reference = ticket.reference!;
    const found = await this.odoo.findTicketByReference(reference, opts);
    const record = found ?? (await this.odoo.createTicket({
      reference, subject: ticket.subject, description: ticket.description, priority: ticket.priority,
      partnerId: ticket.partnerId, partnerEmail: null,
    }, opts));
    this.logger.log({ ticketId: ticket.id, odooModel: record.odooModel, odooId: record.odooId, reused: !!found }, 'ticket created in Odoo');
    return this.tickets.markSynced(ticket.id, record);
  }

  /** The customer's text, plus which of their services it is about (checked against their own services). */
  private async describe(scope: PartnerScope, input: NewTicketInput): Promise<string> {
    const text = input.description.trim();
    if (!input.serviceId) return text;
    const snap = await this.copies.loadSnapshot(scopeKey.partner(scope.commercialPartnerId), 'services');
    const services = (snap?.data.items ?? []) as Array<{ key: string; name: string; orderName: string }>;
    const service = services.find((s) => s.key === input.serviceId);
    if (!service) throw new ValidationFailed('service_id is not one of your services', { service_id: ['unknown service'] }, 'PORTAL.UNKNOWN_SERVICE');
    return `${text}\n\nService: ${service.name} (${service.orderName})`;
  }
}
