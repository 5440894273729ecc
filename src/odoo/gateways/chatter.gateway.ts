import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooDate } from '../values/odoo-values';
import { OdooGateway, v } from './odoo-gateway';

export interface OdooMessage {
  id: number;
  body: string;
  subject: string | null;
  author: OdooRef | null;
  date: Date | null;
  messageType: string | null;
  /** Internal note (not sent to followers). */
  internal: boolean;
  attachmentIds: number[];
}

export interface OdooActivity {
  id: number;
  resModel: string;
  resId: number;
  type: OdooRef | null;
  summary: string | null;
  note: string | null;
  deadline: string | null;
  state: 'overdue' | 'today' | 'planned' | null;
  user: OdooRef | null;
}

const MESSAGE_FIELDS = ['body', 'subject', 'author_id', 'date', 'message_type', 'subtype_id', 'attachment_ids', 'is_internal'] as const;
const toMessage = (r: OdooRecord): OdooMessage => ({
  id: r.id, body: v.str(r.body) ?? '', subject: v.text(r.subject), author: v.ref(r.author_id), date: v.datetime(r.date),
  messageType: v.str(r.message_type), internal: r.is_internal !== undefined ? v.bool(r.is_internal) : /note/i.test(v.ref(r.subtype_id)?.name ?? ''),
  attachmentIds: v.ids(r.attachment_ids),
});
const ACTIVITY_FIELDS = ['res_model', 'res_id', 'activity_type_id', 'summary', 'note', 'date_deadline', 'state', 'user_id'] as const;
const toActivity = (r: OdooRecord): OdooActivity => ({
  id: r.id, resModel: v.str(r.res_model) ?? '', resId: v.int(r.res_id), type: v.ref(r.activity_type_id), summary: v.text(r.summary),
  note: v.text(r.note), deadline: v.date(r.date_deadline), state: v.selection(r.state, ['overdue', 'today', 'planned'] as const), user: v.ref(r.user_id),
});

/** The chatter of any mail.thread record: messages (message_post) and activities. */
@Injectable()
export class OdooChatterGateway extends OdooGateway {
  private readonly modelIds = new Map<string, Promise<number | null>>();

  constructor(odoo: OdooClient) {
    super(odoo);
  }

  /**
   * Posts on a record's chatter; an internal note by default, a message to followers with
   * `internal: false`. Returns the mail.message id (17/18 return it, 19 a one-id list).
   */
  async post(model: string, resId: number, input: { body: string; internal?: boolean; subject?: string; attachmentIds?: number[]; partnerIds?: number[] }, opts?: OdooCallOptions): Promise<number> {
    const internal = input.internal ?? true;
    const result = await this.odoo.callMethod<number | number[]>(model, 'message_post', [resId], {
      body: input.body, message_type: 'comment', subtype_xmlid: internal ? 'mail.mt_note' : 'mail.mt_comment',
      ...(input.subject ? { subject: input.subject } : {}), ...(input.attachmentIds?.length ? { attachment_ids: input.attachmentIds } : {}),
      ...(input.partnerIds?.length ? { partner_ids: input.partnerIds } : {}),
    }, opts);
    return Array.isArray(result) ? result[0] : result;
  }

  messages(model: string, resId: number, options: { limit?: number } & OdooCallOptions = {}): Promise<OdooMessage[]> {
    const { limit = 50, ...opts } = options;
    return this.search('mail.message', [['model', '=', model], ['res_id', '=', resId], ['message_type', '!=', 'user_notification']], MESSAGE_FIELDS, toMessage, { ...opts, limit, order: 'id desc' });
  }

  private modelId(model: string): Promise<number | null> {
    let p = this.modelIds.get(model);
    if (!p) {
      p = this.odoo.search('ir.model', [['model', '=', model]], { limit: 1 }).then((ids) => ids[0] ?? null);
      p.catch(() => this.modelIds.delete(model));
      this.modelIds.set(model, p);
    }
    return p;
  }

  /** Schedules an activity (a to-do by default) on a record. */
  async scheduleActivity(model: string, resId: number, input: { summary: string; note?: string; deadline: string | Date; activityTypeId?: number; userId?: number }, opts?: OdooCallOptions): Promise<number> {
    const resModelId = await this.modelId(model);
    return this.odoo.create('mail.activity', {
      res_model: model, res_id: resId, ...(resModelId ? { res_model_id: resModelId } : {}), summary: input.summary,
      date_deadline: toOdooDate(input.deadline), ...(input.note ? { note: input.note } : {}),
      ...(input.activityTypeId ? { activity_type_id: input.activityTypeId } : {}), ...(input.userId ? { user_id: input.userId } : {}),
    }, opts);
  }

  activities(model: string, resIds: readonly number[], opts?: OdooCallOptions): Promise<OdooActivity[]> {
    if (!resIds.length) return Promise.resolve([]);
    return this.search('mail.activity', [['res_model', '=', model], ['res_id', 'in', [...resIds]]], ACTIVITY_FIELDS, toActivity, { ...opts, order: 'date_deadline asc, id asc' });
  }

  /** Marks an activity done (it leaves a note on the record and disappears). */
  async completeActivity(activityId: number, feedback?: string, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod('mail.activity', 'action_feedback', [activityId], feedback ? { feedback } : {}, opts);
  }
}
