import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';
import type { Env } from '../engine/env';

const variants = (env: Env, row: Row) => env.sudo().withContext({ active_test: false }).m('product.product').search([['product_tmpl_id', '=', row.id]]);
const firstVariant = (env: Env, row: Row): Row | undefined => {
  const [id] = variants(env, row);
  return id ? env.sudo().m('product.product').browse(id) : undefined;
};

/** Fields a product.product reads and writes through its template (Odoo's _inherits). */
export const TEMPLATE_FIELDS = {
  name: f.char({ required: true }),
  description_sale: f.text(),
  list_price: f.float({ default: 1, string: 'Sales Price' }),
  standard_price: f.float({ string: 'Cost' }),
  // 17: detailed_type (+ storable "product" from stock); 18+: type goods/service/combo + is_storable.
  detailed_type: f.selection([['consu', 'Consumable'], ['service', 'Service'], ['product', 'Storable Product']], { default: 'consu', until: 17 }),
  type: f.selection([['consu', 'Goods'], ['service', 'Service'], ['combo', 'Combo'], ['product', 'Storable Product']], { default: 'consu' }),
  is_storable: f.boolean({ since: 18, module: 'stock', string: 'Track Inventory' }),
  categ_id: f.many2one('product.category', { default: (env: Env) => env.refOr('product.product_category_all') }),
  uom_id: f.many2one('uom.uom', { default: (env: Env) => env.refOr('uom.product_uom_unit') }),
  sale_ok: f.boolean({ default: true }),
  purchase_ok: f.boolean({ default: true }),
  recurring_invoice: f.boolean({ module: 'sale_subscription', string: 'Subscription Product' }),
  membership: f.boolean({ module: 'membership', string: 'Membership' }),
  membership_date_from: f.date({ module: 'membership' }),
  membership_date_to: f.date({ module: 'membership' }),
};

export default defineModel({
  name: 'product.template', description: 'Product', module: 'product', order: 'priority desc, name',
  mailThread: true,
  fields: {
    ...TEMPLATE_FIELDS,
    priority: f.selection([['0', 'Normal'], ['1', 'Favorite']], { default: '0' }),
    active: f.boolean({ default: true }),
    product_variant_ids: f.one2many('product.product', 'product_tmpl_id'),
    product_variant_id: f.many2one('product.product', { compute: (row, env) => firstVariant(env, row)?.id ?? false }),
    product_variant_count: f.integer({ compute: (row, env) => variants(env, row).length }),
    default_code: f.char({
      compute: (row, env) => (variants(env, row).length === 1 ? firstVariant(env, row)?.default_code ?? false : false),
      inverseWrite: (env, row, v) => { const p = firstVariant(env, row); if (p) env.sudo().m('product.product').write([p.id], { default_code: v }); },
    }),
    barcode: f.char({
      compute: (row, env) => (variants(env, row).length === 1 ? firstVariant(env, row)?.barcode ?? false : false),
      inverseWrite: (env, row, v) => { const p = firstVariant(env, row); if (p) env.sudo().m('product.product').write([p.id], { barcode: v }); },
    }),
    qty_available: f.float({ module: 'stock', compute: (row, env) => variants(env, row).reduce((s, id) => s + Number(env.m('product.product').value(env.m('product.product').browse(id), 'qty_available')), 0) }),
    cartona_id: f.char({ module: 'cartona_integration', string: 'Cartona ID' }),
  },
  hooks: {
    // A template always has at least one variant (unless created from product.product).
    afterCreate: (env, row) => {
      if (env.context.create_product_product === false) return;
      env.sudo().withContext({ create_product_product: false }).m('product.product').create([{ product_tmpl_id: row.id }]);
    },
    // 17: type mirrors detailed_type ("product" = storable).
    beforeWrite: (env, _rows, vals) => { if (env.version <= 17 && vals.detailed_type) vals.type = vals.detailed_type; },
    constrain: (env, row) => { if (env.version <= 17 && row.detailed_type && row.type !== row.detailed_type) row.type = row.detailed_type; },
  },
});
