import { XmlRpcDouble } from '../../../../src/odoo/transports/xmlrpc-codec';
import { PyValueError } from './exceptions';
import type { ModelRuntime } from './model-runtime';
import type { Row } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function groupKey(model: ModelRuntime, row: Row, spec: string): { key: string; value: unknown; domain: unknown[] } {
  const [name, gran = 'month'] = spec.split(':');
  const fd = model.field(name);
  if (!fd) throw new PyValueError(`Invalid field '${name}' on model '${model.name}'`);
  const raw = model.value(row, name);
  if (fd.type === 'date' || fd.type === 'datetime') {
    if (!raw) return { key: '', value: false, domain: [[name, '=', false]] };
    const s = String(raw);
    const y = Number(s.slice(0, 4));
    const m = Number(s.slice(5, 7));
    const d = s.slice(0, 10);
    const pad = (n: number) => String(n).padStart(2, '0');
    switch (gran) {
      case 'day': return { key: d, value: d, domain: [[name, '>=', d], [name, '<', nextDay(d)]] };
      case 'year': return { key: String(y), value: String(y), domain: [[name, '>=', `${y}-01-01`], [name, '<', `${y + 1}-01-01`]] };
      case 'quarter': {
        const q = Math.floor((m - 1) / 3);
        const from = `${y}-${pad(q * 3 + 1)}-01`;
        const to = q === 3 ? `${y + 1}-01-01` : `${y}-${pad(q * 3 + 4)}-01`;
        return { key: `Q${q + 1} ${y}`, value: `Q${q + 1} ${y}`, domain: [[name, '>=', from], [name, '<', to]] };
      }
      default: {
        const from = `${y}-${pad(m)}-01`;
        const to = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
        return { key: from, value: `${MONTHS[m - 1]} ${y}`, domain: [[name, '>=', from], [name, '<', to]] };
      }
    }
  }
  if (fd.type === 'many2one') {
    if (typeof raw !== 'number') return { key: '', value: false, domain: [[name, '=', false]] };
    const co = model.env.sudo().m(fd.relation!);
    return { key: String(raw), value: [raw, co.exists(raw) ? co.displayName(co.browse(raw)) : ''], domain: [[name, '=', raw]] };
  }
  return { key: JSON.stringify(raw), value: raw, domain: [[name, '=', raw]] };
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** Legacy read_group (17/18 output shape): one dict per group, `<field>_count` when lazy, `__count` otherwise. */
export function readGroup(
  model: ModelRuntime, domain: unknown[], fields: string[], groupby: string[] | string, lazy: boolean, offset = 0, limit?: number, orderby?: string | false,
): Array<Record<string, unknown>> {
  const groupbys = (Array.isArray(groupby) ? groupby : [groupby]).filter(Boolean);
  if (!groupbys.length) throw new PyValueError('read_group() requires at least one groupby');
  const used = lazy ? groupbys.slice(0, 1) : groupbys;
  const aggregates: Array<{ out: string; field: string; fn: string }> = [];
  for (const spec of fields) {
    const m = /^(\w+)(?::(\w+))?(?:\((\w+)\))?$/.exec(spec.trim());
    if (!m) throw new PyValueError(`Invalid field specification ${JSON.stringify(spec)}`);
    const [, a, b, c] = m;
    // "amount_total:sum", "total:sum(amount_total)" or a bare numeric field (sum).
    const field = c ?? a;
    const fn = c ? b! : b ?? 'sum';
    const out = a;
    if (used.some((g) => g.split(':')[0] === field)) continue;
    const fd = model.field(field);
    if (!fd) throw new PyValueError(`Invalid field '${field}' on model '${model.name}'`);
    if (['integer', 'float', 'monetary'].includes(fd.type) || fn === 'count' || fn === 'count_distinct' || fn === 'array_agg') aggregates.push({ out, field, fn });
  }
  const rows = model.searchRows(domain, { order: model.def.order });
  const groups = new Map<string, { values: unknown[]; domain: unknown[]; rows: Row[] }>();
  for (const row of rows) {
    const keys = used.map((g) => groupKey(model, row, g));
    const k = keys.map((x) => x.key).join('\u0000');
    let g = groups.get(k);
    if (!g) {
      g = { values: keys.map((x) => x.value), domain: keys.flatMap((x) => x.domain), rows: [] };
      groups.set(k, g);
    }
    g.rows.push(row);
  }
  let out = [...groups.values()].map((g) => {
    const rec: Record<string, unknown> = {};
    used.forEach((spec, i) => { rec[spec] = g.values[i]; });
    if (lazy) rec[`${used[0].split(':')[0]}_count`] = g.rows.length;
    else rec.__count = g.rows.length;
    for (const a of aggregates) {
      const vals = g.rows.map((r) => Number(model.value(r, a.field)) || 0);
      let v: number;
      switch (a.fn) {
        case 'avg': v = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : 0; break;
        case 'max': v = vals.length ? Math.max(...vals) : 0; break;
        case 'min': v = vals.length ? Math.min(...vals) : 0; break;
        case 'count': v = vals.length; break;
        case 'count_distinct': v = new Set(vals).size; break;
        default: v = vals.reduce((x, y) => x + y, 0);
      }
      const fd = model.field(a.field)!;
      rec[a.out] = fd.type === 'integer' || a.fn.startsWith('count') ? v : new XmlRpcDouble(v);
    }
    rec.__domain = [...g.domain, ...domain];
    if (lazy && groupbys.length > 1) rec.__context = { group_by: groupbys.slice(1) };
    return rec;
  });
  const order = orderby ? String(orderby) : '';
  const [ofield, odir] = order.split(/\s+/);
  const sortField = ofield || used[0];
  out.sort((a, b) => {
    const va = a[sortField]; const vb = b[sortField];
    const sa = Array.isArray(va) ? String(va[1]) : va instanceof XmlRpcDouble ? va.value : va;
    const sb = Array.isArray(vb) ? String(vb[1]) : vb instanceof XmlRpcDouble ? vb.value : vb;
    const c = typeof sa === 'number' && typeof sb === 'number' ? sa - sb : String(sa).localeCompare(String(sb));
    return odir?.toLowerCase() === 'desc' ? -c : c;
  });
  out = out.slice(offset, limit ? offset + limit : undefined);
  return out;
}
