import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { HandshakeDataInvalid } from '../domain/asset-handshake.errors';
import type { CommerceInvoice, CommerceOrder, CommerceOrderLine, OdooRecordRef, OrderSerial } from '../domain/commerce';
import { OdooCommercePort, type ChangeCursor, type ChangedIds, type DraftServiceOrder } from './odoo-commerce.port';
import { OdooOrm, type OdooDomain } from './odoo-orm';

const CHUNK = 200;

/** Odoo's false-for-empty → null. */
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const m2oId = (v: unknown): number | null => (Array.isArray(v) ? Number(v[0]) : typeof v === 'number' ? v : null);
const m2oName = (v: unknown): string | null => (Array.isArray(v) && typeof v[1] === 'string' ? v[1] : null);

function chunks<T>(xs: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function cursorDomain(since: ChangeCursor | null): OdooDomain {
  if (!since) return [];
  return ['|', ['write_date', '>', since.writeDate], '&', ['write_date', '=', since.writeDate], ['id', '>', since.lastId]];
}

/**
 * OdooCommercePort on the shared Odoo provider. Reads are batched by id (chunks of 200) and ask
 * only for the fields they use; optional fields (subscriptions, Odoo 17 vs 18 product types,
 * usage counters) are requested only when `fields_get` shows them. Writes search first.
 */
@Injectable()
export class OdooCommerceAdapter extends OdooCommercePort {
  constructor(private readonly orm: OdooOrm, private readonly config: AppConfig) {
    super();
  }

  private async present(model: string, wanted: string[]): Promise<string[]> {
    const names = await this.orm.fieldNames(model);
    return wanted.filter((f) => names.has(f));
  }

  async readOrders(ids: number[]): Promise<CommerceOrder[]> {
    if (!ids.length) return [];
    const originField = this.config.abs.originalOrderField;
    const fields = await this.present('sale.order', [
      'name', 'state', 'partner_id', originField, 'client_order_ref', 'date_order', 'amount_total', 'currency_id', 'write_date', 'order_line',
      'is_subscription', 'subscription_state', 'start_date', 'end_date', 'next_invoice_date',
    ]);
    const orders = (await Promise.all(chunks(ids).map((c) => this.orm.read('sale.order', c, fields)))).flat();
    const lineIds = orders.flatMap((o) => (Array.isArray(o.order_line) ? (o.order_line as number[]) : []));
    const lines = (await Promise.all(chunks(lineIds).map((c) => this.orm.read('sale.order.line', c, ['order_id', 'product_id', 'name', 'product_uom_qty', 'price_unit', 'price_total', 'display_type'])))).flat();
    const productIds = [...new Set(lines.map((l) => m2oId(l.product_id)).filter((x): x is number => !!x))];
    const productFields = await this.present('product.product', ['default_code', 'categ_id', 'type', 'detailed_type', 'tracking', 'is_storable']);
    const products = new Map((await Promise.all(chunks(productIds).map((c) => this.orm.read('product.product', c, productFields)))).flat().map((p) => [Number(p.id), p]));
    const linesByOrder = new Map<number, CommerceOrderLine[]>();
    for (const l of lines) {
      const orderId = m2oId(l.order_id)!;
      const pid = m2oId(l.product_id);
      const p = pid ? products.get(pid) : undefined;
      // 17: detailed_type product = storable; 18+: type consu + is_storable.
      const odooType = s(p?.detailed_type) ?? s(p?.type) ?? 'consu';
      const line: CommerceOrderLine = {
        id: Number(l.id), productId: pid ?? 0, productName: s(l.name) ?? m2oName(l.product_id) ?? '', defaultCode: s(p?.default_code),
        categoryName: m2oName(p?.categ_id), odooType, serialTracked: p?.tracking === 'serial',
        quantity: n(l.product_uom_qty), priceUnit: n(l.price_unit), priceTotal: n(l.price_total), isDisplayLine: !!s(l.display_type) || !pid,
      };
      linesByOrder.set(orderId, [...(linesByOrder.get(orderId) ?? []), line]);
    }
    return orders.map((o) => ({
      id: Number(o.id), name: String(o.name), state: String(o.state), partnerId: m2oId(o.partner_id) ?? 0, partnerName: m2oName(o.partner_id) ?? '',
      originalOrderRef: s(o[originField]), clientOrderRef: s(o.client_order_ref), dateOrder: s(o.date_order), amountTotal: n(o.amount_total),
      currency: m2oName(o.currency_id) ?? '', writeDate: String(o.write_date), isSubscription: o.is_subscription === true,
      subscriptionState: s(o.subscription_state), startDate: s(o.start_date), endDate: s(o.end_date), lines: linesByOrder.get(Number(o.id)) ?? [],
    }));
  }

  async findOrderByName(name: string): Promise<CommerceOrder | null> {
    const [id] = await this.orm.search('sale.order', [['name', '=', name]], { limit: 1 });
    return id ? (await this.readOrders([id]))[0] ?? null : null;
  }

  async readSerials(orderIds: number[]): Promise<Map<number, OrderSerial[]>> {
    const out = new Map<number, OrderSerial[]>(orderIds.map((id) => [id, []]));
    if (!orderIds.length) return out;
    const pickings = (await Promise.all(chunks(orderIds).map((c) => this.orm.searchRead('stock.picking',
      [['sale_id', 'in', c], ['picking_type_code', '=', 'outgoing'], ['state', '!=', 'cancel']], ['sale_id', 'name', 'state', 'date_done'])))).flat();
    if (!pickings.length) return out;
    const byId = new Map(pickings.map((p) => [Number(p.id), p]));
    const moveLines = (await Promise.all(chunks([...byId.keys()]).map((c) => this.orm.searchRead('stock.move.line',
      [['picking_id', 'in', c], ['lot_id', '!=', false]], ['picking_id', 'product_id', 'lot_id'])))).flat();
    for (const ml of moveLines) {
      const picking = byId.get(m2oId(ml.picking_id)!);
      if (!picking) continue;
      const orderId = m2oId(picking.sale_id)!;
      out.get(orderId)?.push({
        productId: m2oId(ml.product_id) ?? 0, lotName: m2oName(ml.lot_id) ?? '', state: picking.state === 'done' ? 'done' : 'reserved',
        pickingName: s(picking.name), dateDone: s(picking.date_done),
      });
    }
    return out;
  }

  async readInvoices(orderIds: number[]): Promise<Map<number, CommerceInvoice[]>> {
    const out = new Map<number, CommerceInvoice[]>(orderIds.map((id) => [id, []]));
    if (!orderIds.length) return out;
    const orders = (await Promise.all(chunks(orderIds).map((c) => this.orm.read('sale.order', c, ['invoice_ids'])))).flat();
    const invoiceIds = [...new Set(orders.flatMap((o) => (Array.isArray(o.invoice_ids) ? (o.invoice_ids as number[]) : [])))];
    const invoices = new Map((await Promise.all(chunks(invoiceIds).map((c) => this.orm.read('account.move', c,
      ['name', 'state', 'payment_state', 'amount_total', 'amount_residual', 'invoice_date', 'invoice_date_due', 'move_type'])))).flat().map((i) => [Number(i.id), i]));
    for (const o of orders) {
      for (const id of (o.invoice_ids as number[] | undefined) ?? []) {
        const i = invoices.get(id);
        if (!i || i.move_type !== 'out_invoice') continue;
        out.get(Number(o.id))!.push({
          id, name: String(i.name), state: String(i.state), paymentState: s(i.payment_state) ?? 'not_paid', amountTotal: n(i.amount_total),
          amountResidual: n(i.amount_residual), invoiceDate: s(i.invoice_date), dueDate: s(i.invoice_date_due),
        });
      }
    }
    return out;
  }

  private async changed(model: string, domain: OdooDomain, since: ChangeCursor | null, limit: number, fields: string[]): Promise<{ rows: Array<Record<string, unknown>>; next: ChangeCursor | null; more: boolean }> {
    const rows = await this.orm.searchRead(model, [...cursorDomain(since), ...domain], ['write_date', ...fields], { limit, order: 'write_date asc, id asc' });
    const last = rows[rows.length - 1];
    return { rows, next: last ? { writeDate: String(last.write_date), lastId: Number(last.id) } : since, more: rows.length === limit };
  }

  async changedOrders(since: ChangeCursor | null, limit: number): Promise<ChangedIds> {
    const r = await this.changed('sale.order', [], since, limit, []);
    return { ids: r.rows.map((x) => Number(x.id)), next: r.next, more: r.more };
  }

  async ordersWithChangedInvoices(since: ChangeCursor | null, limit: number): Promise<ChangedIds> {
    const r = await this.changed('account.move', [['move_type', '=', 'out_invoice']], since, limit, ['invoice_origin']);
    const names = [...new Set(r.rows.flatMap((x) => (s(x.invoice_origin) ?? '').split(',').map((t) => t.trim()).filter(Boolean)))];
    const ids = names.length ? await this.orm.search('sale.order', [['name', 'in', names]]) : [];
    return { ids, next: r.next, more: r.more };
  }

  async ordersWithChangedPickings(since: ChangeCursor | null, limit: number): Promise<ChangedIds> {
    const r = await this.changed('stock.picking', [['sale_id', '!=', false]], since, limit, ['sale_id']);
    return { ids: [...new Set(r.rows.map((x) => m2oId(x.sale_id)).filter((x): x is number => !!x))], next: r.next, more: r.more };
  }

  async postNote(ref: OdooRecordRef, body: string, marker: string): Promise<'posted' | 'exists'> {
    const found = await this.orm.search('mail.message', [['model', '=', ref.model], ['res_id', '=', ref.id], ['body', 'ilike', marker]], { limit: 1 });
    if (found.length) return 'exists';
    await this.orm.callMethod(ref.model, 'message_post', [ref.id], { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
    return 'posted';
  }

  async scheduleActivity(ref: OdooRecordRef, a: { summary: string; note: string; marker: string }): Promise<'created' | 'exists'> {
    const found = await this.orm.search('mail.activity', [['res_model', '=', ref.model], ['res_id', '=', ref.id], ['note', 'ilike', a.marker]], { limit: 1 });
    if (found.length) return 'exists';
    const [modelId] = await this.orm.search('ir.model', [['model', '=', ref.model]], { limit: 1 });
    if (!modelId) throw new HandshakeDataInvalid(`Odoo has no model ${ref.model}`);
    const [todo] = await this.orm.search('mail.activity.type', [['category', '=', 'default']], { limit: 1 });
    await this.orm.create('mail.activity', {
      res_model_id: modelId, res_id: ref.id, summary: a.summary, note: `<p>${escapeHtml(a.note)}</p><p>${escapeHtml(a.marker)}</p>`,
      date_deadline: new Date().toISOString().slice(0, 10), ...(todo ? { activity_type_id: todo } : {}),
    });
    return 'created';
  }

  async writeUsageTotals(ref: OdooRecordRef, totals: Record<string, number>): Promise<string[]> {
    const fields = await this.present(ref.model, Object.keys(totals));
    if (fields.length) await this.orm.write(ref.model, [ref.id], Object.fromEntries(fields.map((f) => [f, totals[f]])));
    return fields;
  }

  async ensureDraftServiceOrder(o: DraftServiceOrder): Promise<{ id: number; name: string; created: boolean }> {
    const [existing] = await this.orm.searchRead('sale.order', [['client_order_ref', '=', o.clientOrderRef]], ['name'], { limit: 1 });
    if (existing) return { id: Number(existing.id), name: String(existing.name), created: false };
    const lines: unknown[] = [];
    for (const l of o.lines) {
      const [productId] = l.defaultCode ? await this.orm.search('product.product', [['default_code', '=', l.defaultCode]], { limit: 1 }) : [];
      if (!productId) throw new HandshakeDataInvalid(`No Odoo product for "${l.name}": map the ABS service to a product reference in the product-unit table`, { line: l.name });
      lines.push([0, 0, { product_id: productId, name: l.name, product_uom_qty: l.quantity, price_unit: l.priceUnit }]);
    }
    const id = await this.orm.create('sale.order', { partner_id: o.partnerId, client_order_ref: o.clientOrderRef, origin: o.origin, note: o.note, order_line: lines });
    const [created] = await this.orm.read('sale.order', [id], ['name']);
    return { id, name: String(created?.name ?? id), created: true };
  }
}

function escapeHtml(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
