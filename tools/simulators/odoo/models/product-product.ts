import { ValidationError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type FieldDef, type Row } from '../engine/types';
import type { Env } from '../engine/env';
import { TEMPLATE_FIELDS } from './product-template';

/** Template fields read and written through product_tmpl_id, like Odoo's _inherits. */
function delegated(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, fd] of Object.entries(TEMPLATE_FIELDS)) {
    out[name] = {
      ...fd, default: undefined, required: false,
      compute: (row, env) => {
        const t = env.sudo().m('product.template');
        return typeof row.product_tmpl_id === 'number' && t.exists(row.product_tmpl_id) ? t.value(t.browse(row.product_tmpl_id), name) : false;
      },
      inverseWrite: (env, row, value) => {
        ensureTemplate(env, row, { [name]: value });
      },
    };
  }
  return out;
}

function ensureTemplate(env: Env, row: Row, vals: Record<string, unknown>): void {
  const t = env.sudo().withContext({ create_product_product: false }).m('product.template');
  if (typeof row.product_tmpl_id === 'number' && t.exists(row.product_tmpl_id)) t.write([row.product_tmpl_id], vals);
  else [row.product_tmpl_id] = t.create([{ name: 'New product', ...vals }]);
}

/** Stock in internal locations, optionally under the context's warehouse/location. */
function stockDomain(env: Env, productId: number): unknown[] {
  const domain: unknown[] = [['product_id', '=', productId], ['location_id.usage', '=', 'internal']];
  const wh = env.context.warehouse_id ?? env.context.warehouse;
  const loc = env.context.location_id ?? env.context.location;
  if (typeof wh === 'number' && env.has('stock.warehouse')) {
    const view = env.sudo().m('stock.warehouse').browse(wh).view_location_id;
    domain.push(['location_id', 'child_of', view]);
  } else if (typeof loc === 'number') {
    domain.push(['location_id', 'child_of', loc]);
  }
  return domain;
}

function onHand(env: Env, row: Row): number {
  if (!env.has('stock.quant')) return 0;
  const q = env.sudo().withContext({}).m('stock.quant');
  return q.searchRows(stockDomain(env, row.id)).reduce((s, r) => s + Number(r.quantity), 0);
}

function reserved(env: Env, row: Row): number {
  if (!env.has('stock.quant')) return 0;
  return env.sudo().m('stock.quant').searchRows(stockDomain(env, row.id)).reduce((s, r) => s + Number(r.reserved_quantity), 0);
}

function moves(env: Env, row: Row, direction: 'in' | 'out'): number {
  if (!env.has('stock.move')) return 0;
  const usage = direction === 'in' ? 'location_dest_id.usage' : 'location_id.usage';
  return env.sudo().m('stock.move').searchRows([['product_id', '=', row.id], ['state', 'not in', ['done', 'cancel', 'draft']], [usage, '=', 'internal']])
    .reduce((s, r) => s + Number(r.product_uom_qty), 0);
}

export default defineModel({
  name: 'product.product', description: 'Product Variant', module: 'product', order: 'default_code, name, id',
  mailThread: true,
  displayName: (row, env) => {
    const name = String(env.m('product.product').value(row, 'name') || '');
    return row.default_code ? `[${String(row.default_code)}] ${name}` : name;
  },
  fields: {
    ...delegated(),
    product_tmpl_id: f.many2one('product.template', { string: 'Product Template' }),
    default_code: f.char({ string: 'Internal Reference' }),
    barcode: f.char(),
    active: f.boolean({ default: true }),
    price_extra: f.float({ compute: () => 0 }),
    lst_price: f.float({
      string: 'Sales Price',
      compute: (row, env) => Number(env.m('product.product').value(row, 'list_price')),
      inverseWrite: (env, row, v) => ensureTemplate(env, row, { list_price: v }),
    }),
    qty_available: f.float({ module: 'stock', string: 'Quantity On Hand', compute: (row, env) => onHand(env, row) }),
    free_qty: f.float({ module: 'stock', string: 'Free To Use Quantity', compute: (row, env) => onHand(env, row) - reserved(env, row) }),
    incoming_qty: f.float({ module: 'stock', compute: (row, env) => moves(env, row, 'in') }),
    outgoing_qty: f.float({ module: 'stock', compute: (row, env) => moves(env, row, 'out') }),
    virtual_available: f.float({ module: 'stock', string: 'Forecasted Quantity', compute: (row, env) => onHand(env, row) + moves(env, row, 'in') - moves(env, row, 'out') }),
    cartona_id: f.char({ module: 'cartona_integration', string: 'Cartona ID' }),
  },
  hooks: {
    afterCreate: (env, row) => { if (typeof row.product_tmpl_id !== 'number') ensureTemplate(env, row, {}); },
    constrain: (env, row) => {
      if (row.barcode) {
        const dup = env.sudo().withContext({ active_test: false }).m('product.product').search([['barcode', '=', row.barcode], ['id', '!=', row.id]]);
        if (dup.length) throw new ValidationError(`Barcode(s) already assigned:\n\n- Barcode "${String(row.barcode)}" already assigned to product(s): ${dup.join(', ')}`);
      }
    },
  },
});
