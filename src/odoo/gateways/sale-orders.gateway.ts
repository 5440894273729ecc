import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import { OdooUserError } from '../odoo.errors';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { Command, toOdooDatetime, toOdooValues } from '../values/odoo-values';
import { OdooGateway, v, type ChangeCursor, type ChangePage } from './odoo-gateway';

export type SaleOrderState = 'draft' | 'sent' | 'sale' | 'cancel';
export type InvoiceStatus = 'upselling' | 'invoiced' | 'to invoice' | 'no';
export type DeliveryStatus = 'pending' | 'started' | 'partial' | 'full';

export interface OdooSaleOrder {
  id: number;
  name: string;
  partner: OdooRef;
  state: SaleOrderState;
  locked: boolean;
  dateOrder: Date | null;
  validityDate: string | null;
  commitmentDate: Date | null;
  clientOrderRef: string | null;
  origin: string | null;
  amountUntaxed: number;
  amountTax: number;
  amountTotal: number;
  currency: OdooRef | null;
  invoiceStatus: InvoiceStatus | null;
  /** sale_stock; null when there is no delivery. */
  deliveryStatus: DeliveryStatus | null;
  invoiceIds: number[];
  pickingIds: number[];
  lineIds: number[];
  warehouseId: number | null;
  /** Cartona module fields, null when absent. */
  cartonaId: string | null;
  cartonaStatus: string | null;
  writeDate: Date | null;
}

export interface OdooSaleOrderLine {
  id: number;
  orderId: number;
  product: OdooRef | null;
  name: string;
  quantity: number;
  uom: OdooRef | null;
  priceUnit: number;
  discount: number;
  taxIds: number[];
  subtotal: number;
  total: number;
  qtyDelivered: number;
  qtyInvoiced: number;
  /** `line_section` / `line_note` for non-product lines. */
  displayType: string | null;
}

export interface SaleOrderLineInput {
  productId: number;
  quantity: number;
  /** Defaults to the product's price in Odoo. */
  priceUnit?: number;
  discount?: number;
  name?: string;
  taxIds?: number[];
}

export interface SaleOrderInput {
  partnerId: number;
  lines: SaleOrderLineInput[];
  clientOrderRef?: string;
  origin?: string;
  dateOrder?: Date;
  commitmentDate?: Date;
  warehouseId?: number;
  note?: string;
  /** Other fields (custom or module fields such as cartona_id), written as is when they exist. */
  extra?: Record<string, unknown>;
}

const STATES: readonly SaleOrderState[] = ['draft', 'sent', 'sale', 'cancel'];
export const ORDER_FIELDS = [
  'name', 'partner_id', 'state', 'locked', 'date_order', 'validity_date', 'commitment_date', 'client_order_ref', 'origin',
  'amount_untaxed', 'amount_tax', 'amount_total', 'currency_id', 'invoice_status', 'delivery_status', 'invoice_ids', 'picking_ids',
  'order_line', 'warehouse_id', 'cartona_id', 'cartona_status', 'write_date',
] as const;
const LINE_FIELDS = [
  'order_id', 'product_id', 'name', 'product_uom_qty', 'product_uom', 'product_uom_id', 'price_unit', 'discount', 'tax_id', 'tax_ids',
  'price_subtotal', 'price_total', 'qty_delivered', 'qty_invoiced', 'display_type',
] as const;

export function toSaleOrder(r: OdooRecord): OdooSaleOrder {
  return {
    id: r.id, name: v.str(r.name) ?? '', partner: v.ref(r.partner_id)!, state: v.selection(r.state, STATES) ?? 'draft', locked: v.bool(r.locked),
    dateOrder: v.datetime(r.date_order), validityDate: v.date(r.validity_date), commitmentDate: v.datetime(r.commitment_date),
    clientOrderRef: v.text(r.client_order_ref), origin: v.text(r.origin), amountUntaxed: v.money(r.amount_untaxed), amountTax: v.money(r.amount_tax),
    amountTotal: v.money(r.amount_total), currency: v.ref(r.currency_id),
    invoiceStatus: v.selection(r.invoice_status, ['upselling', 'invoiced', 'to invoice', 'no'] as const),
    deliveryStatus: v.selection(r.delivery_status, ['pending', 'started', 'partial', 'full'] as const),
    invoiceIds: v.ids(r.invoice_ids), pickingIds: v.ids(r.picking_ids), lineIds: v.ids(r.order_line), warehouseId: v.refId(r.warehouse_id),
    cartonaId: v.text(r.cartona_id), cartonaStatus: v.text(r.cartona_status), writeDate: v.datetime(r.write_date),
  };
}

export function toSaleOrderLine(r: OdooRecord): OdooSaleOrderLine {
  return {
    id: r.id, orderId: v.refId(r.order_id) ?? 0, product: v.ref(r.product_id), name: v.str(r.name) ?? '', quantity: v.num(r.product_uom_qty),
    uom: v.ref(r.product_uom_id ?? r.product_uom), priceUnit: v.money(r.price_unit, 4), discount: v.num(r.discount),
    taxIds: v.ids(r.tax_ids ?? r.tax_id), subtotal: v.money(r.price_subtotal), total: v.money(r.price_total),
    qtyDelivered: v.num(r.qty_delivered), qtyInvoiced: v.num(r.qty_invoiced), displayType: v.text(r.display_type),
  };
}

const MODEL = 'sale.order';
const LINE = 'sale.order.line';

/** Sales orders and their lines; confirm/cancel/lock the way Odoo 17/18/19 want it. */
@Injectable()
export class OdooSaleOrderGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  async get(id: number, opts?: OdooCallOptions): Promise<OdooSaleOrder | null> {
    return (await this.getMany([id], opts))[0] ?? null;
  }

  getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooSaleOrder[]> {
    return this.readByIds(MODEL, ids, ORDER_FIELDS, toSaleOrder, opts);
  }

  findByClientRef(ref: string, opts?: OdooCallOptions): Promise<OdooSaleOrder[]> {
    return this.search(MODEL, [['client_order_ref', '=', ref]], ORDER_FIELDS, toSaleOrder, { ...opts, order: 'id asc' });
  }

  find(filter: { partnerIds?: readonly number[]; states?: readonly SaleOrderState[]; since?: Date; domain?: OdooDomain; limit?: number; offset?: number; order?: string }, opts?: OdooCallOptions): Promise<OdooSaleOrder[]> {
    const domain: OdooDomain = [...(filter.domain ?? [])];
    if (filter.partnerIds) domain.push(['partner_id', 'in', [...filter.partnerIds]]);
    if (filter.states) domain.push(['state', 'in', [...filter.states]]);
    if (filter.since) domain.push(['date_order', '>=', toOdooDatetime(filter.since)]);
    return this.search(MODEL, domain, ORDER_FIELDS, toSaleOrder, { ...opts, limit: filter.limit ?? 100, offset: filter.offset, order: filter.order ?? 'date_order desc, id desc' });
  }

  count(domain: OdooDomain, opts?: OdooCallOptions): Promise<number> {
    return this.odoo.searchCount(MODEL, domain, opts);
  }

  /** Lines of many orders in one call, grouped by order id. */
  async lines(orderIds: readonly number[], opts?: OdooCallOptions): Promise<Map<number, OdooSaleOrderLine[]>> {
    const out = new Map<number, OdooSaleOrderLine[]>(orderIds.map((id) => [id, []]));
    if (!orderIds.length) return out;
    const rows = await this.search(LINE, [['order_id', 'in', [...orderIds]]], LINE_FIELDS, toSaleOrderLine, { ...opts, order: 'order_id, sequence, id' });
    for (const l of rows) out.get(l.orderId)?.push(l);
    return out;
  }

  private async lineValues(line: SaleOrderLineInput): Promise<Record<string, unknown>> {
    const names = await this.odoo.fieldNames(LINE);
    const taxField = names.has('tax_ids') ? 'tax_ids' : 'tax_id';
    return toOdooValues({
      product_id: line.productId, product_uom_qty: line.quantity, price_unit: line.priceUnit, discount: line.discount, name: line.name,
      ...(line.taxIds ? { [taxField]: [Command.set(line.taxIds)] } : {}),
    });
  }

  /** Creates a quotation with its lines in one call. Not idempotent: see createOnce. */
  async create(input: SaleOrderInput, opts?: OdooCallOptions): Promise<number> {
    const lines = await Promise.all(input.lines.map((l) => this.lineValues(l)));
    const values = await this.writable(MODEL, toOdooValues({
      partner_id: input.partnerId, client_order_ref: input.clientOrderRef, origin: input.origin, date_order: input.dateOrder,
      commitment_date: input.commitmentDate, warehouse_id: input.warehouseId, note: input.note, ...input.extra,
    }));
    values.order_line = lines.map((l) => Command.create(l));
    return this.odoo.create(MODEL, values, opts);
  }

  /**
   * Creates the order unless one with the same client_order_ref exists (the guard that makes a
   * retried job find its own earlier write). Returns the order id and whether it was created.
   */
  async createOnce(input: SaleOrderInput & { clientOrderRef: string }, opts?: OdooCallOptions): Promise<{ id: number; created: boolean }> {
    const [existing] = await this.odoo.search(MODEL, [['client_order_ref', '=', input.clientOrderRef]], { limit: 1, context: { active_test: false }, ...opts });
    if (existing) return { id: existing, created: false };
    return { id: await this.create(input, opts), created: true };
  }

  /** Replaces the lines of a quotation/order that can still change. */
  async replaceLines(orderId: number, lines: SaleOrderLineInput[], opts?: OdooCallOptions): Promise<void> {
    const values = await Promise.all(lines.map((l) => this.lineValues(l)));
    const [order] = await this.getMany([orderId], opts);
    if (!order) return;
    await this.odoo.write(MODEL, [orderId], { order_line: [...order.lineIds.map((id) => Command.delete(id)), ...values.map((l) => Command.create(l))] }, opts);
  }

  async confirm(orderId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_confirm', [orderId], {}, opts);
  }

  /**
   * Cancels. Odoo 17+ answers a confirmation wizard instead of cancelling confirmed orders;
   * `disable_cancel_warning` skips it, and if a customisation still returns the wizard it is
   * completed (sale.order.cancel.action_cancel).
   */
  async cancel(orderId: number, opts?: OdooCallOptions): Promise<void> {
    const context = { disable_cancel_warning: true, ...opts?.context };
    const result = await this.odoo.callMethod<unknown>(MODEL, 'action_cancel', [orderId], {}, { ...opts, context });
    const action = result as { res_model?: string; context?: Record<string, unknown> } | null;
    if (action && typeof action === 'object' && action.res_model === 'sale.order.cancel') {
      const wizardId = await this.odoo.create('sale.order.cancel', { order_id: orderId }, { ...opts, context: { ...action.context, ...context } });
      await this.odoo.callMethod('sale.order.cancel', 'action_cancel', [wizardId], {}, { ...opts, context });
    }
    const [order] = await this.getMany([orderId], opts);
    if (order && order.state !== 'cancel') throw new OdooUserError(`Odoo did not cancel ${order.name}`);
  }

  async lock(orderId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_lock', [orderId], {}, opts);
  }

  async unlock(orderId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_unlock', [orderId], {}, opts);
  }

  async update(orderId: number, values: Record<string, unknown>, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.write(MODEL, [orderId], await this.writable(MODEL, toOdooValues(values)), { idempotent: true, ...opts });
  }

  /** Creates the regular invoice for what is left to invoice; returns the invoice ids. */
  async createInvoices(orderIds: number[], opts?: OdooCallOptions): Promise<number[]> {
    const context = { active_model: MODEL, active_ids: orderIds, active_id: orderIds[0], ...opts?.context };
    const wizard = await this.odoo.create('sale.advance.payment.inv', { advance_payment_method: 'delivered', sale_order_ids: [Command.set(orderIds)] }, { ...opts, context });
    await this.odoo.callMethod('sale.advance.payment.inv', 'create_invoices', [wizard], {}, { ...opts, context });
    const orders = await this.getMany(orderIds, opts);
    return [...new Set(orders.flatMap((o) => o.invoiceIds))];
  }

  changedSince(cursor: ChangeCursor | null, limit = 200, filter: OdooDomain = [], opts?: OdooCallOptions): Promise<ChangePage<OdooSaleOrder>> {
    return this.changes(MODEL, cursor, limit, ORDER_FIELDS, toSaleOrder, filter, opts);
  }
}
