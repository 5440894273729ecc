import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import { OdooUserError } from '../odoo.errors';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { OdooGateway, v } from './odoo-gateway';

export interface OdooWarehouse {
  id: number;
  name: string;
  code: string;
  viewLocationId: number | null;
  stockLocationId: number | null;
}

export interface OdooStockQuant {
  id: number;
  product: OdooRef;
  location: OdooRef;
  lot: OdooRef | null;
  warehouseId: number | null;
  quantity: number;
  reservedQuantity: number;
  availableQuantity: number;
}

export type PickingState = 'draft' | 'waiting' | 'confirmed' | 'assigned' | 'done' | 'cancel';

export interface OdooPicking {
  id: number;
  name: string;
  state: PickingState;
  typeCode: 'incoming' | 'outgoing' | 'internal' | null;
  partner: OdooRef | null;
  origin: string | null;
  saleOrderId: number | null;
  scheduledDate: Date | null;
  doneDate: Date | null;
  trackingRef: string | null;
  moveIds: number[];
}

export interface OdooStockMove {
  id: number;
  pickingId: number | null;
  product: OdooRef;
  demand: number;
  quantity: number;
  state: string;
  saleLineId: number | null;
}

export interface OdooLot {
  id: number;
  name: string;
  ref: string | null;
  product: OdooRef;
  quantity: number;
}

const PICKING_STATES: readonly PickingState[] = ['draft', 'waiting', 'confirmed', 'assigned', 'done', 'cancel'];
const PICKING_FIELDS = ['name', 'state', 'picking_type_code', 'partner_id', 'origin', 'sale_id', 'scheduled_date', 'date_done', 'carrier_tracking_ref', 'move_ids'] as const;
const QUANT_FIELDS = ['product_id', 'location_id', 'lot_id', 'warehouse_id', 'quantity', 'reserved_quantity', 'available_quantity'] as const;

const toWarehouse = (r: OdooRecord): OdooWarehouse => ({
  id: r.id, name: v.str(r.name) ?? '', code: v.str(r.code) ?? '', viewLocationId: v.refId(r.view_location_id), stockLocationId: v.refId(r.lot_stock_id),
});
const toQuant = (r: OdooRecord): OdooStockQuant => ({
  id: r.id, product: v.ref(r.product_id)!, location: v.ref(r.location_id)!, lot: v.ref(r.lot_id), warehouseId: v.refId(r.warehouse_id),
  quantity: v.num(r.quantity), reservedQuantity: v.num(r.reserved_quantity),
  availableQuantity: r.available_quantity === undefined ? v.num(r.quantity) - v.num(r.reserved_quantity) : v.num(r.available_quantity),
});
const toPicking = (r: OdooRecord): OdooPicking => ({
  id: r.id, name: v.str(r.name) ?? '', state: v.selection(r.state, PICKING_STATES) ?? 'draft',
  typeCode: v.selection(r.picking_type_code, ['incoming', 'outgoing', 'internal'] as const), partner: v.ref(r.partner_id),
  origin: v.text(r.origin), saleOrderId: v.refId(r.sale_id), scheduledDate: v.datetime(r.scheduled_date), doneDate: v.datetime(r.date_done),
  trackingRef: v.text(r.carrier_tracking_ref), moveIds: v.ids(r.move_ids),
});
const toMove = (r: OdooRecord): OdooStockMove => ({
  id: r.id, pickingId: v.refId(r.picking_id), product: v.ref(r.product_id)!, demand: v.num(r.product_uom_qty), quantity: v.num(r.quantity),
  state: v.str(r.state) ?? 'draft', saleLineId: v.refId(r.sale_line_id),
});
const toLot = (r: OdooRecord): OdooLot => ({ id: r.id, name: v.str(r.name) ?? '', ref: v.text(r.ref), product: v.ref(r.product_id)!, quantity: v.num(r.product_qty) });

/** Warehouses, quants, transfers (pickings) and lots/serials. */
@Injectable()
export class OdooStockGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  warehouses(opts?: OdooCallOptions): Promise<OdooWarehouse[]> {
    return this.search('stock.warehouse', [], ['name', 'code', 'view_location_id', 'lot_stock_id'], toWarehouse, { ...opts, order: 'sequence, id' });
  }

  private async scope(warehouseId?: number, locationId?: number): Promise<OdooDomain> {
    const domain: OdooDomain = [['location_id.usage', '=', 'internal']];
    if (locationId) domain.push(['location_id', 'child_of', locationId]);
    else if (warehouseId) {
      const [wh] = await this.readByIds('stock.warehouse', [warehouseId], ['view_location_id'], toWarehouse);
      if (wh?.viewLocationId) domain.push(['location_id', 'child_of', wh.viewLocationId]);
    }
    return domain;
  }

  /** Quants in internal locations (optionally one warehouse or location subtree). */
  async quants(filter: { productIds?: readonly number[]; warehouseId?: number; locationId?: number; lotIds?: readonly number[] } = {}, opts?: OdooCallOptions): Promise<OdooStockQuant[]> {
    const domain = await this.scope(filter.warehouseId, filter.locationId);
    if (filter.productIds) domain.push(['product_id', 'in', [...filter.productIds]]);
    if (filter.lotIds) domain.push(['lot_id', 'in', [...filter.lotIds]]);
    return this.search('stock.quant', domain, QUANT_FIELDS, toQuant, opts);
  }

  /**
   * On hand and reserved per product from one read_group on stock.quant (one call however many
   * products), optionally per warehouse.
   */
  async availability(productIds: readonly number[], filter: { warehouseId?: number; locationId?: number } = {}, opts?: OdooCallOptions): Promise<Map<number, { onHand: number; reserved: number; available: number }>> {
    const out = new Map<number, { onHand: number; reserved: number; available: number }>();
    if (!productIds.length) return out;
    const domain = await this.scope(filter.warehouseId, filter.locationId);
    domain.push(['product_id', 'in', [...new Set(productIds)]]);
    const groups = await this.odoo.readGroup<Record<string, OdooRecord[keyof OdooRecord]>>('stock.quant', domain, ['quantity:sum', 'reserved_quantity:sum'], ['product_id'], { ...opts, lazy: true });
    for (const g of groups) {
      const id = v.refId(g.product_id);
      if (!id) continue;
      const onHand = v.num(g.quantity);
      const reserved = v.num(g.reserved_quantity);
      out.set(id, { onHand, reserved, available: onHand - reserved });
    }
    for (const id of productIds) if (!out.has(id)) out.set(id, { onHand: 0, reserved: 0, available: 0 });
    return out;
  }

  /**
   * Counts stock at a location: sets the counted quantity and applies it (an inventory adjustment).
   * A new quant is created with `inventory_quantity_set`, or action_apply_inventory skips it.
   */
  async setOnHand(productId: number, locationId: number, quantity: number, opts?: OdooCallOptions): Promise<void> {
    const [existing] = await this.odoo.search('stock.quant', [['product_id', '=', productId], ['location_id', '=', locationId], ['lot_id', '=', false]], { ...opts, limit: 1 });
    const id = existing ?? (await this.odoo.create('stock.quant', { product_id: productId, location_id: locationId, inventory_quantity: quantity, inventory_quantity_set: true }, { context: { inventory_mode: true }, ...opts }));
    if (existing) await this.odoo.write('stock.quant', [id], { inventory_quantity: quantity }, { idempotent: true, context: { inventory_mode: true }, ...opts });
    await this.odoo.callMethod('stock.quant', 'action_apply_inventory', [id], {}, opts);
  }

  pickings(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooPicking[]> {
    return this.readByIds('stock.picking', ids, PICKING_FIELDS, toPicking, opts);
  }

  pickingsForOrders(orderIds: readonly number[], opts?: OdooCallOptions): Promise<OdooPicking[]> {
    if (!orderIds.length) return Promise.resolve([]);
    return this.search('stock.picking', [['sale_id', 'in', [...orderIds]]], PICKING_FIELDS, toPicking, { ...opts, order: 'id asc' });
  }

  moves(pickingIds: readonly number[], opts?: OdooCallOptions): Promise<OdooStockMove[]> {
    if (!pickingIds.length) return Promise.resolve([]);
    return this.search('stock.move', [['picking_id', 'in', [...pickingIds]]], ['picking_id', 'product_id', 'product_uom_qty', 'quantity', 'state', 'sale_line_id'], toMove, { ...opts, order: 'id asc' });
  }

  /** Reserves stock for a transfer (action_assign). */
  async reserve(pickingId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod('stock.picking', 'action_assign', [pickingId], {}, opts);
  }

  /**
   * Validates a transfer. `setQuantities` fills every move's quantity with its demand first (a
   * full delivery). Short quantities would return Odoo's backorder wizard: the context tells it
   * instead whether to create a backorder for the rest or to drop it.
   */
  async validate(pickingId: number, options: { setQuantities?: boolean; backorder?: boolean } & OdooCallOptions = {}): Promise<OdooPicking> {
    const { setQuantities, backorder = true, ...opts } = options;
    if (setQuantities) {
      for (const m of await this.moves([pickingId], opts)) {
        if (m.state !== 'done' && m.state !== 'cancel' && m.quantity !== m.demand) await this.odoo.write('stock.move', [m.id], { quantity: m.demand }, { idempotent: true, ...opts });
      }
    }
    const context = backorder ? { skip_backorder: true } : { skip_backorder: true, picking_ids_not_to_backorder: [pickingId] };
    const result = await this.odoo.callMethod<unknown>('stock.picking', 'button_validate', [pickingId], {}, { ...opts, context: { ...context, ...opts.context } });
    if (result && typeof result === 'object' && (result as { res_model?: string }).res_model) {
      throw new OdooUserError(`Odoo asks for confirmation (${String((result as { res_model: string }).res_model)}) to validate the transfer`);
    }
    const [picking] = await this.pickings([pickingId], opts);
    return picking;
  }

  lots(filter: { productId?: number; names?: readonly string[] }, opts?: OdooCallOptions): Promise<OdooLot[]> {
    const domain: OdooDomain = [];
    if (filter.productId) domain.push(['product_id', '=', filter.productId]);
    if (filter.names) domain.push(['name', 'in', [...filter.names]]);
    return this.search('stock.lot', domain, ['name', 'ref', 'product_id', 'product_qty'], toLot, { ...opts, order: 'name asc' });
  }
}
