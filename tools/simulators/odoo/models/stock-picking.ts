import type { Env } from '../engine/env';
import { UserError } from '../engine/exceptions';
import { defineModel } from '../engine/registry';
import { f, type Row } from '../engine/types';

/** Quants at a location (and its children) for a product, oldest first. */
function quantsFor(env: Env, productId: number, locationId: number): Row[] {
  return env.sudo().m('stock.quant').searchRows([['product_id', '=', productId], ['location_id', 'child_of', locationId]], { order: 'in_date, id' });
}

function quantAt(env: Env, productId: number, locationId: number, lotId: number | false = false): Row {
  const q = env.sudo().m('stock.quant');
  const [id] = q.search([['product_id', '=', productId], ['location_id', '=', locationId], ['lot_id', '=', lotId]]);
  if (id) return q.browse(id);
  const [nid] = q.create([{ product_id: productId, location_id: locationId, lot_id: lotId, quantity: 0, reserved_quantity: 0 }]);
  return q.browse(nid);
}

const isStorable = (env: Env, productId: number): boolean => {
  const p = env.sudo().m('product.product');
  const row = p.browse(productId);
  return env.version <= 17 ? p.value(row, 'detailed_type') === 'product' : p.value(row, 'is_storable') === true;
};

/** Reserves what the source location has for each move (action_assign). */
export function reserve(env: Env, pickingIds: number[]): void {
  const su = env.sudo();
  for (const picking of su.m('stock.picking').rows(pickingIds)) {
    if (['done', 'cancel'].includes(String(picking.state))) continue;
    const moves = su.m('stock.move').searchRows([['picking_id', '=', picking.id], ['state', 'not in', ['done', 'cancel']]]);
    for (const move of moves) {
      const want = Number(move.product_uom_qty) - Number(move.quantity || 0);
      if (want <= 0) continue;
      if (!isStorable(env, move.product_id as number)) {
        su.m('stock.move').write([move.id], { quantity: move.product_uom_qty, state: 'assigned' });
        continue;
      }
      let left = want;
      for (const q of quantsFor(env, move.product_id as number, move.location_id as number)) {
        const free = Number(q.quantity) - Number(q.reserved_quantity);
        if (free <= 0 || left <= 0) continue;
        const take = Math.min(free, left);
        su.m('stock.quant').write([q.id], { reserved_quantity: Number(q.reserved_quantity) + take });
        left -= take;
      }
      const got = Number(move.quantity || 0) + (want - left);
      su.m('stock.move').write([move.id], { quantity: got, state: got >= Number(move.product_uom_qty) ? 'assigned' : got > 0 ? 'partially_available' : 'confirmed' });
    }
    const states = su.m('stock.move').searchRows([['picking_id', '=', picking.id]]).map((m) => String(m.state));
    su.m('stock.picking').write([picking.id], { state: states.every((s) => s === 'assigned' || s === 'done' || s === 'cancel') ? 'assigned' : 'confirmed' });
  }
}

function done(env: Env, picking: Row, backorder: boolean): number | false {
  const su = env.sudo();
  const moves = su.m('stock.move').searchRows([['picking_id', '=', picking.id], ['state', 'not in', ['done', 'cancel']]]);
  const remaining: Array<{ move: Row; qty: number }> = [];
  for (const move of moves) {
    const qty = Number(move.quantity || 0);
    const product = move.product_id as number;
    if (qty > 0 && isStorable(env, product)) {
      let left = qty;
      for (const q of quantsFor(env, product, move.location_id as number)) {
        if (left <= 0) break;
        const take = Math.min(Number(q.quantity), left);
        if (take <= 0) continue;
        su.m('stock.quant').write([q.id], { quantity: Number(q.quantity) - take, reserved_quantity: Math.max(0, Number(q.reserved_quantity) - take) });
        left -= take;
      }
      if (left > 0) {
        // Odoo allows negative stock: the rest comes from the source location itself.
        const q = quantAt(env, product, move.location_id as number);
        su.m('stock.quant').write([q.id], { quantity: Number(q.quantity) - left });
      }
      const dest = quantAt(env, product, move.location_dest_id as number);
      su.m('stock.quant').write([dest.id], { quantity: Number(dest.quantity) + qty });
    }
    if (qty < Number(move.product_uom_qty)) remaining.push({ move, qty: Number(move.product_uom_qty) - qty });
    su.m('stock.move').write([move.id], { state: 'done', product_uom_qty: qty || move.product_uom_qty, quantity: qty });
    if (typeof move.sale_line_id === 'number' && su.has('sale.order.line')) {
      const line = su.m('sale.order.line').browse(move.sale_line_id);
      const outgoing = su.m('stock.location').browse(move.location_dest_id as number).usage === 'customer';
      su.m('sale.order.line').write([line.id], { qty_delivered: Number(line.qty_delivered || 0) + (outgoing ? qty : -qty) });
    }
  }
  su.m('stock.picking').write([picking.id], { state: 'done', date_done: env.nowStr() });
  if (!backorder || !remaining.length) return false;
  const [bo] = su.m('stock.picking').create([{
    partner_id: picking.partner_id, picking_type_id: picking.picking_type_id, location_id: picking.location_id,
    location_dest_id: picking.location_dest_id, origin: picking.origin, sale_id: picking.sale_id ?? false, backorder_id: picking.id,
    move_ids: remaining.map(({ move, qty }) => [0, 0, {
      name: move.name, product_id: move.product_id, product_uom_qty: qty, product_uom: move.product_uom,
      location_id: move.location_id, location_dest_id: move.location_dest_id, sale_line_id: move.sale_line_id ?? false, state: 'confirmed',
    }]),
  }]);
  su.m('stock.picking').write([bo], { state: 'confirmed' });
  reserve(env, [bo]);
  return bo;
}

export default defineModel({
  name: 'stock.picking', description: 'Transfer', module: 'stock', order: 'priority desc, scheduled_date asc, id desc',
  mailThread: true,
  fields: {
    name: f.char({ default: '/' }),
    origin: f.char({ string: 'Source Document' }),
    partner_id: f.many2one('res.partner', { string: 'Contact' }),
    picking_type_id: f.many2one('stock.picking.type', { required: true }),
    picking_type_code: f.selection([['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], {
      compute: (row, env) => (typeof row.picking_type_id === 'number' ? env.sudo().m('stock.picking.type').browse(row.picking_type_id).code : false),
    }),
    location_id: f.many2one('stock.location', { string: 'Source Location' }),
    location_dest_id: f.many2one('stock.location', { string: 'Destination Location' }),
    move_ids: f.one2many('stock.move', 'picking_id', { string: 'Stock Moves' }),
    state: f.selection([
      ['draft', 'Draft'], ['waiting', 'Waiting Another Operation'], ['confirmed', 'Waiting'], ['assigned', 'Ready'], ['done', 'Done'], ['cancel', 'Cancelled'],
    ], { default: 'draft' }),
    priority: f.selection([['0', 'Normal'], ['1', 'Urgent']], { default: '0' }),
    scheduled_date: f.datetime({ default: (env) => env.nowStr() }),
    date_deadline: f.datetime(),
    date_done: f.datetime({ string: 'Date of Transfer' }),
    sale_id: f.many2one('sale.order', { module: 'sale_stock', string: 'Sales Order' }),
    backorder_id: f.many2one('stock.picking'),
    user_id: f.many2one('res.users', { string: 'Responsible' }),
    carrier_tracking_ref: f.char({ string: 'Tracking Reference' }),
    note: f.html(),
    company_id: f.many2one('res.company', { default: (env) => env.refOr('base.main_company') }),
  },
  hooks: {
    afterCreate: (env, row) => {
      const su = env.sudo();
      const type = su.m('stock.picking.type').browse(row.picking_type_id as number);
      if (!row.location_id) row.location_id = type.default_location_src_id;
      if (!row.location_dest_id) row.location_dest_id = type.default_location_dest_id;
      if (row.name === '/' || !row.name) {
        const wh = typeof type.warehouse_id === 'number' ? String(su.m('stock.warehouse').browse(type.warehouse_id).code) : 'WH';
        const n = su.m('stock.picking').count([['picking_type_id', '=', row.picking_type_id]]);
        row.name = `${wh}/${String(type.sequence_code)}/${String(n).padStart(5, '0')}`;
      }
    },
  },
  methods: {
    action_confirm: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        for (const p of su.m('stock.picking').rows(ids)) if (p.state === 'draft') su.m('stock.picking').write([p.id], { state: 'confirmed' });
        su.m('stock.move').write(su.m('stock.move').search([['picking_id', 'in', ids], ['state', '=', 'draft']]), { state: 'confirmed' });
        reserve(env, ids);
        return true;
      },
    },
    action_assign: { api: 'multi', params: [], impl: (env, ids) => { reserve(env, ids); return true; } },
    /**
     * Validates the transfer. With quantities short of the demand Odoo 17+ answers the
     * backorder wizard (an action dict) unless the context says what to do:
     * `picking_ids_not_to_backorder` (no backorder) or `skip_backorder` (create one).
     */
    button_validate: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        const pickings = su.m('stock.picking').rows(ids);
        for (const p of pickings) {
          if (p.state === 'done') throw new UserError(`Transfer ${String(p.name)} is already done.`);
          if (p.state === 'cancel') throw new UserError('You cannot validate a transfer if no quantities are reserved or done.');
        }
        const short = pickings.filter((p) => su.m('stock.move').searchRows([['picking_id', '=', p.id], ['state', 'not in', ['done', 'cancel']]])
          .some((m) => Number(m.quantity || 0) < Number(m.product_uom_qty)));
        const noBackorder = new Set((env.context.picking_ids_not_to_backorder as number[] | undefined) ?? []);
        if (short.length && !env.context.skip_backorder) {
          return {
            name: 'Create Backorder?', type: 'ir.actions.act_window', res_model: 'stock.backorder.confirmation', view_mode: 'form', target: 'new',
            context: { button_validate_picking_ids: ids, default_pick_ids: short.map((p) => [4, p.id]), default_show_transfers: false },
          };
        }
        for (const p of pickings) {
          const nothing = su.m('stock.move').searchRows([['picking_id', '=', p.id], ['state', 'not in', ['done', 'cancel']]]).every((m) => !Number(m.quantity || 0));
          if (nothing) throw new UserError('You cannot validate a transfer if no quantities are reserved or done. You can use the info button on the top right corner of your screen to learn more about this.');
          done(env, p, !noBackorder.has(p.id));
        }
        return true;
      },
    },
    action_cancel: {
      api: 'multi', params: [],
      impl: (env, ids) => {
        const su = env.sudo();
        for (const p of su.m('stock.picking').rows(ids)) {
          if (p.state === 'done') continue;
          for (const mv of su.m('stock.move').searchRows([['picking_id', '=', p.id], ['state', 'not in', ['done', 'cancel']]])) {
            const reservedQty = Number(mv.quantity || 0);
            if (reservedQty > 0 && mv.state !== 'draft') {
              let left = reservedQty;
              for (const q of quantsFor(env, mv.product_id as number, mv.location_id as number)) {
                const take = Math.min(Number(q.reserved_quantity), left);
                if (take > 0) su.m('stock.quant').write([q.id], { reserved_quantity: Number(q.reserved_quantity) - take });
                left -= take;
              }
            }
            su.m('stock.move').write([mv.id], { state: 'cancel', quantity: 0 });
          }
          su.m('stock.picking').write([p.id], { state: 'cancel' });
        }
        return true;
      },
    },
  },
});
