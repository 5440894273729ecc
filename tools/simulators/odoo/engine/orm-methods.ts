import { PyValueError } from './exceptions';
import { readGroup } from './read-group';
import { RecordsetResult } from './recordset';
import type { MethodDef, Vals } from './types';

const asList = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : v ? [String(v)] : undefined);
const FIELD_ATTRS = ['type', 'string', 'required', 'readonly', 'relation', 'selection', 'store', 'help', 'sortable', 'searchable'];

/** The BaseModel methods every model answers, with Odoo 17/18/19 signatures. */
export const ORM_METHODS: Record<string, MethodDef> = {
  search: {
    api: 'model', params: ['domain', { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'order', default: null }],
    impl: (env, _ids, kw) => env.m(kw.__model as string).search(kw.domain as unknown[], { offset: kw.offset as number, limit: kw.limit as number, order: kw.order as string }),
  },
  search_read: {
    api: 'model', varKw: true,
    params: [{ name: 'domain', default: null }, { name: 'fields', default: null }, { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'order', default: null }],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      m.def; env.checkAccess(m.name, 'read');
      const ids = m.search((kw.domain as unknown[]) ?? [], { offset: kw.offset as number, limit: kw.limit as number, order: kw.order as string });
      return m.read(ids, asList(kw.fields), (kw.load as string | null | undefined) === undefined ? '_classic_read' : (kw.load as string | null));
    },
  },
  search_count: {
    api: 'model', params: ['domain', { name: 'limit', default: null }],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      env.checkAccess(m.name, 'read');
      const n = m.count(kw.domain as unknown[]);
      return kw.limit ? Math.min(n, Number(kw.limit)) : n;
    },
  },
  read: {
    api: 'multi', params: [{ name: 'fields', default: null }, { name: 'load', default: '_classic_read' }],
    impl: (env, ids, kw) => env.m(kw.__model as string).read(ids, asList(kw.fields), kw.load as string | null),
  },
  create: {
    api: 'model', params: ['vals_list'],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      const v = kw.vals_list;
      const list = Array.isArray(v) ? (v as Vals[]) : [v as Vals];
      const ids = m.create(list);
      return new RecordsetResult(ids, Array.isArray(v) ? undefined : ids[0]);
    },
  },
  write: {
    api: 'multi', params: ['vals'],
    impl: (env, ids, kw) => env.m(kw.__model as string).write(ids, kw.vals as Vals),
  },
  unlink: {
    api: 'multi', params: [],
    impl: (env, ids, kw) => env.m(kw.__model as string).unlink(ids),
  },
  exists: {
    api: 'multi', params: [],
    impl: (env, ids, kw) => { const m = env.m(kw.__model as string); return new RecordsetResult(ids.filter((i) => m.exists(i))); },
  },
  copy: {
    api: 'multi', params: [{ name: 'default', default: null }],
    impl: (env, ids, kw) => {
      const m = env.m(kw.__model as string);
      const row = m.browse(ids[0]);
      const vals: Vals = {};
      for (const [k, fd] of Object.entries(m.def.fields)) {
        if (fd.compute || fd.type === 'one2many' || ['id', 'create_date', 'write_date'].includes(k)) continue;
        if (row[k] !== undefined) vals[k] = fd.type === 'many2many' ? [[6, 0, row[k]]] : row[k];
      }
      const [id] = m.create([{ ...vals, ...((kw.default as Vals) ?? {}) }]);
      return new RecordsetResult([id], id);
    },
  },
  fields_get: {
    api: 'model', params: [{ name: 'allfields', default: null }, { name: 'attributes', default: null }],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      env.checkAccess(m.name, 'read');
      const wanted = asList(kw.allfields);
      const attrs = asList(kw.attributes) ?? FIELD_ATTRS;
      const out: Record<string, Record<string, unknown>> = {};
      for (const name of m.fieldNames()) {
        if (wanted && !wanted.includes(name)) continue;
        const fd = m.field(name)!;
        const full: Record<string, unknown> = {
          type: fd.type, string: fd.string ?? name.replace(/_id$|_ids$/, '').replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
          required: !!fd.required, readonly: !!(fd.readonly || (fd.compute && !fd.inverseWrite)), store: !fd.compute,
          sortable: !fd.compute, searchable: true, help: fd.help ?? false,
        };
        if (fd.relation) full.relation = fd.relation;
        if (fd.selection) full.selection = fd.selection;
        const rec: Record<string, unknown> = {};
        for (const a of attrs) if (a in full) rec[a] = full[a];
        out[name] = rec;
      }
      return out;
    },
  },
  name_search: {
    api: 'model',
    // 17/18 call the domain `args`; 19 renamed it `domain` (sig chosen per version in dispatch).
    params: [{ name: 'name', default: '' }, { name: 'args', default: null }, { name: 'operator', default: 'ilike' }, { name: 'limit', default: 100 }],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      env.checkAccess(m.name, 'read');
      const rec = m.def.recName ?? 'name';
      const domain = [...(((kw.args ?? kw.domain) as unknown[]) ?? [])];
      if (kw.name) domain.push([rec, kw.operator ?? 'ilike', kw.name]);
      const ids = m.search(domain, { limit: kw.limit as number });
      return ids.map((id) => [id, m.displayName(m.browse(id))]);
    },
  },
  name_get: {
    api: 'multi', params: [], until: 17,
    impl: (env, ids, kw) => { const m = env.m(kw.__model as string); return ids.map((id) => [id, m.displayName(m.browse(id))]); },
  },
  default_get: {
    api: 'model', params: ['fields_list'],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      const out: Record<string, unknown> = {};
      for (const name of asList(kw.fields_list) ?? []) {
        const fd = m.field(name);
        if (!fd) continue;
        const ctx = env.context[`default_${name}`];
        if (ctx !== undefined) out[name] = ctx;
        else if (fd.default !== undefined && !fd.compute) out[name] = typeof fd.default === 'function' ? (fd.default as (e: unknown, v: unknown) => unknown)(env, {}) : fd.default;
      }
      return out;
    },
  },
  read_group: {
    api: 'model',
    params: ['domain', 'fields', 'groupby', { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'orderby', default: false }, { name: 'lazy', default: true }],
    impl: (env, _ids, kw) => {
      const m = env.m(kw.__model as string);
      env.checkAccess(m.name, 'read');
      if (!Array.isArray(kw.fields)) throw new PyValueError('read_group() fields must be a list');
      return readGroup(m, kw.domain as unknown[], kw.fields as string[], kw.groupby as string[], kw.lazy !== false, Number(kw.offset || 0), (kw.limit as number) || undefined, kw.orderby as string);
    },
  },
  action_archive: {
    api: 'multi', params: [],
    impl: (env, ids, kw) => { env.m(kw.__model as string).write(ids, { active: false }); return true; },
  },
  action_unarchive: {
    api: 'multi', params: [],
    impl: (env, ids, kw) => { env.m(kw.__model as string).write(ids, { active: true }); return true; },
  },
};

/** mail.thread methods (chatter). */
export const MAIL_METHODS: Record<string, MethodDef> = {
  message_post: {
    api: 'multi', varKw: true, params: [],
    impl: (env, ids, kw) => {
      if (ids.length !== 1) throw new PyValueError(`Expected singleton: ${kw.__model}(${ids.join(', ')},)`);
      const model = kw.__model as string;
      env.m(model).browse(ids[0]);
      const su = env.sudo();
      const subtype = String(kw.subtype_xmlid ?? (kw.message_type === 'comment' ? 'mail.mt_comment' : 'mail.mt_note'));
      const user = su.m('res.users').browse(env.uid);
      const [id] = su.m('mail.message').create([{
        model, res_id: ids[0], body: kw.body ?? '', subject: kw.subject ?? false,
        message_type: kw.message_type ?? 'notification', subtype_xmlid: subtype,
        author_id: kw.author_id ?? user.partner_id ?? false,
        attachment_ids: Array.isArray(kw.attachment_ids) ? [[6, 0, kw.attachment_ids]] : [],
        partner_ids: Array.isArray(kw.partner_ids) ? [[6, 0, kw.partner_ids]] : [],
      }]);
      // Attachments posted with a message are re-attached to the record, like Odoo does.
      if (Array.isArray(kw.attachment_ids) && kw.attachment_ids.length) {
        su.m('ir.attachment').write(kw.attachment_ids as number[], { res_model: model, res_id: ids[0] });
      }
      return new RecordsetResult([id], id);
    },
  },
  message_subscribe: {
    api: 'multi', params: [{ name: 'partner_ids', default: null }, { name: 'subtype_ids', default: null }],
    impl: () => true,
  },
};
