import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooRecord } from '../odoo.types';
import { OdooGateway, v } from './odoo-gateway';

export interface OdooAttachment {
  id: number;
  name: string;
  mimetype: string | null;
  size: number;
  resModel: string | null;
  resId: number | null;
  checksum: string | null;
  createdAt: Date | null;
}

const FIELDS = ['name', 'mimetype', 'file_size', 'res_model', 'res_id', 'checksum', 'create_date'] as const;
const toAttachment = (r: OdooRecord): OdooAttachment => ({
  id: r.id, name: v.str(r.name) ?? '', mimetype: v.text(r.mimetype), size: v.int(r.file_size), resModel: v.text(r.res_model),
  resId: v.int(r.res_id) || null, checksum: v.text(r.checksum), createdAt: v.datetime(r.create_date),
});

/** Files on records (ir.attachment); content travels as base64 (4/3 of the size). */
@Injectable()
export class OdooAttachmentGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  /** Attaches a file to a record; Odoo detects the mimetype when none is given. */
  async attach(input: { resModel: string; resId: number; name: string; data: Buffer; mimetype?: string; description?: string }, opts?: OdooCallOptions): Promise<number> {
    return this.odoo.create('ir.attachment', {
      name: input.name, res_model: input.resModel, res_id: input.resId, type: 'binary', datas: input.data.toString('base64'),
      ...(input.mimetype ? { mimetype: input.mimetype } : {}), ...(input.description ? { description: input.description } : {}),
    }, opts);
  }

  /** Attachments of records, without their content. */
  listFor(resModel: string, resIds: readonly number[], opts?: OdooCallOptions): Promise<OdooAttachment[]> {
    if (!resIds.length) return Promise.resolve([]);
    return this.search('ir.attachment', [['res_model', '=', resModel], ['res_id', 'in', [...resIds]]], FIELDS, toAttachment, { ...opts, order: 'id desc' });
  }

  getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooAttachment[]> {
    return this.readByIds('ir.attachment', ids, FIELDS, toAttachment, opts);
  }

  /** The file itself. */
  async download(id: number, opts?: OdooCallOptions): Promise<{ attachment: OdooAttachment; data: Buffer } | null> {
    const [row] = await this.odoo.searchRead('ir.attachment', [['id', '=', id]], { fields: [...FIELDS, 'datas'], ...opts });
    if (!row) return null;
    return { attachment: toAttachment(row), data: v.binary(row.datas) ?? Buffer.alloc(0) };
  }

  async remove(id: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.unlink('ir.attachment', [id], opts);
  }
}
