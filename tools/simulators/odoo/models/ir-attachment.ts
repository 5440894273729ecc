import { createHash } from 'node:crypto';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';

/** Odoo guesses the mimetype from the content when none is given (tools/mimetypes.py). */
function guessMimetype(row: Row): string {
  const data = typeof row.datas === 'string' ? Buffer.from(row.datas, 'base64') : Buffer.alloc(0);
  if (data.subarray(0, 4).toString('latin1') === '%PDF') return 'application/pdf';
  if (data[0] === 0x89 && data.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  const name = String(row.name || '').toLowerCase();
  if (name.endsWith('.txt')) return 'text/plain';
  if (name.endsWith('.csv')) return 'text/csv';
  return row.type === 'url' ? 'application/octet-stream' : data.length ? 'application/octet-stream' : 'text/plain';
}

export default defineModel({
  name: 'ir.attachment', description: 'Attachment', module: 'base', order: 'id desc',
  fields: {
    name: f.char({ required: true }),
    description: f.text(),
    type: f.selection([['url', 'URL'], ['binary', 'File']], { default: 'binary', required: true }),
    datas: f.binary({ string: 'File Content (base64)' }),
    url: f.char(),
    res_model: f.char({ string: 'Resource Model' }),
    res_id: f.integer({ string: 'Resource ID' }),
    res_field: f.char(),
    mimetype: f.char(),
    file_size: f.integer({ compute: (row) => (typeof row.datas === 'string' ? Buffer.from(row.datas, 'base64').length : 0) }),
    checksum: f.char({ compute: (row) => (typeof row.datas === 'string' ? createHash('sha1').update(Buffer.from(row.datas, 'base64')).digest('hex') : false) }),
    public: f.boolean(),
    access_token: f.char(),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  hooks: {
    afterCreate: (_env, row) => {
      if (!row.mimetype) row.mimetype = guessMimetype(row);
    },
  },
});
