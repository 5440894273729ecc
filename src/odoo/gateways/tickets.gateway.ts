import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooValues } from '../values/odoo-values';
import { OdooGateway, v } from './odoo-gateway';

export type TicketBackend = 'helpdesk' | 'project';
export type TicketPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface OdooTicket {
  id: number;
  /** helpdesk.ticket (Enterprise) or the project.task fallback (Community). */
  backend: TicketBackend;
  subject: string;
  /** HTML, as Odoo stores it. */
  description: string | null;
  partner: OdooRef | null;
  email: string | null;
  stage: OdooRef | null;
  /** Helpdesk team, or the project of a task. */
  queue: OdooRef | null;
  priority: TicketPriority;
  /** In a folded (closed) stage. */
  closed: boolean;
  createdAt: Date | null;
  writeDate: Date | null;
}

export interface TicketInput {
  subject: string;
  description?: string;
  partnerId?: number;
  email?: string;
  priority?: TicketPriority;
  /** helpdesk.team id, or the project.project id for the task fallback. */
  queueId?: number;
}

const HELPDESK_PRIORITY: Record<string, TicketPriority> = { '0': 'low', '1': 'medium', '2': 'high', '3': 'urgent' };
const TO_HELPDESK: Record<TicketPriority, string> = { low: '0', medium: '1', high: '2', urgent: '3' };

/**
 * Support tickets: helpdesk.ticket when the (Enterprise) helpdesk app is installed, otherwise
 * project.task in a project (detected through ir.model, not configured). Task priorities are
 * two-level on 17/18 ('0' low, '1' high) and four-level on 19.
 */
@Injectable()
export class OdooTicketGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  async backend(): Promise<TicketBackend> {
    return (await this.odoo.hasModel('helpdesk.ticket')) ? 'helpdesk' : 'project';
  }

  private async spec() {
    const backend = await this.backend();
    const version = await this.version();
    const fourLevels = backend === 'helpdesk' || version.major >= 19;
    return {
      backend, fourLevels,
      model: backend === 'helpdesk' ? 'helpdesk.ticket' : 'project.task',
      queueField: backend === 'helpdesk' ? 'team_id' : 'project_id',
      stageModel: backend === 'helpdesk' ? 'helpdesk.stage' : 'project.task.type',
      fields: ['name', 'description', 'partner_id', backend === 'helpdesk' ? 'partner_email' : 'email_from', 'stage_id', backend === 'helpdesk' ? 'team_id' : 'project_id', 'priority', 'create_date', 'write_date'],
    };
  }

  private map(spec: Awaited<ReturnType<OdooTicketGateway['spec']>>, folded: Set<number>) {
    return (r: OdooRecord): OdooTicket => {
      const raw = v.str(r.priority) ?? '0';
      const priority = spec.fourLevels ? HELPDESK_PRIORITY[raw] ?? 'low' : raw === '1' ? 'high' : 'low';
      const stage = v.ref(r.stage_id);
      return {
        id: r.id, backend: spec.backend, subject: v.str(r.name) ?? '', description: v.text(r.description), partner: v.ref(r.partner_id),
        email: v.text(r.partner_email ?? r.email_from), stage, queue: v.ref(r[spec.queueField]), priority,
        closed: stage ? folded.has(stage.id) : false, createdAt: v.datetime(r.create_date), writeDate: v.datetime(r.write_date),
      };
    };
  }

  private async foldedStages(spec: Awaited<ReturnType<OdooTicketGateway['spec']>>, opts?: OdooCallOptions): Promise<Set<number>> {
    return new Set(await this.odoo.search(spec.stageModel, [['fold', '=', true]], { cacheTtlMs: 60_000, ...opts }));
  }

  async getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooTicket[]> {
    const spec = await this.spec();
    const [folded] = await Promise.all([this.foldedStages(spec, opts)]);
    return this.readByIds(spec.model, ids, spec.fields, this.map(spec, folded), opts);
  }

  async get(id: number, opts?: OdooCallOptions): Promise<OdooTicket | null> {
    return (await this.getMany([id], opts))[0] ?? null;
  }

  /** Tickets of partners (and their contacts), newest first, with the total. */
  async forPartners(partnerIds: readonly number[], options: { limit?: number; offset?: number; domain?: OdooDomain } & OdooCallOptions = {}): Promise<{ tickets: OdooTicket[]; total: number }> {
    const { limit = 50, offset, domain: extra = [], ...opts } = options;
    const spec = await this.spec();
    const domain: OdooDomain = [['partner_id', 'child_of', [...partnerIds]], ...extra];
    const [folded, total] = await Promise.all([this.foldedStages(spec, opts), this.odoo.searchCount(spec.model, domain, opts)]);
    const tickets = await this.search(spec.model, domain, spec.fields, this.map(spec, folded), { ...opts, limit, offset, order: 'create_date desc, id desc' });
    return { tickets, total };
  }

  async create(input: TicketInput, opts?: OdooCallOptions): Promise<number> {
    const spec = await this.spec();
    const p = input.priority ?? 'low';
    const priority = spec.fourLevels ? TO_HELPDESK[p] : p === 'high' || p === 'urgent' ? '1' : '0';
    const values = await this.writable(spec.model, toOdooValues({
      name: input.subject, description: input.description, partner_id: input.partnerId, priority,
      [spec.backend === 'helpdesk' ? 'partner_email' : 'email_from']: input.email, [spec.queueField]: input.queueId,
    }));
    return this.odoo.create(spec.model, values, opts);
  }

  /** The first helpdesk team or project, for callers that did not configure one. */
  async defaultQueue(opts?: OdooCallOptions): Promise<OdooRef | null> {
    const spec = await this.spec();
    const [row] = await this.odoo.searchRead(spec.backend === 'helpdesk' ? 'helpdesk.team' : 'project.project', [], { fields: ['name'], limit: 1, ...opts });
    return row ? { id: row.id, name: v.str(row.name) ?? '' } : null;
  }

  /** Queues (helpdesk teams or projects) matching a name. */
  async findQueue(name: string, opts?: OdooCallOptions): Promise<OdooRef[]> {
    const spec = await this.spec();
    return this.odoo.nameSearch(spec.backend === 'helpdesk' ? 'helpdesk.team' : 'project.project', name, { ...opts, limit: 10 });
  }

  /** The model tickets live in (for chatter and attachments). */
  async model(): Promise<string> {
    return (await this.spec()).model;
  }
}
