import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  OdooChatterGateway, OdooClient, OdooPartnerGateway, OdooSaleOrderGateway, OdooStockGateway, type OdooDomain, type OdooRecord,
} from '../../../odoo';
import type { CartonaRetailer } from '../domain/cartona-order';
import {
  OdooOrdersPort, type OdooOrderInput, type OdooOrderLineInput, type OdooOrderLineSnapshot, type OdooOrderSnapshot, type OdooPickingSnapshot,
  type RetailerScope,
} from './odoo-orders.port';

const PICKING = 'stock.picking';
const idOf = (x: unknown): number | null => (Array.isArray(x) ? Number(x[0]) : typeof x === 'number' ? x : null);
const keyset = (c: { id: number; writeDate: string } | null): OdooDomain =>
  c ? ['|', ['write_date', '>', c.writeDate], '&', ['write_date', '=', c.writeDate], ['id', '>', c.id]] : [];

/**
 * OdooOrdersPort over the shared gateways (sale orders, partners, stock, chatter); the reads they
 * do not cover (a picking's delivery person field, keyset polling of pickings) go through OdooClient.
 */
@Injectable()
export class OdooOrdersAdapter extends OdooOrdersPort {
  constructor(
    private readonly orders: OdooSaleOrderGateway,
    private readonly partners: OdooPartnerGateway,
    private readonly stock: OdooStockGateway,
    private readonly chatter: OdooChatterGateway,
    private readonly odoo: OdooClient,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    super();
  }

  /** `client_order_ref` = Cartona's hashed_id, unique per order: the oldest match is ours. */
  async findOrderByClientRef(ref: string): Promise<OdooOrderSnapshot | null> {
    const [order] = await this.orders.findByClientRef(ref);
    return order ? this.readOrder(order.id, 'user_id') : null;
  }

  async readOrder(id: number, assignmentField: string): Promise<OdooOrderSnapshot | null> {
    const order = await this.orders.get(id);
    if (!order) return null;
    const [lines, pickings] = await Promise.all([this.orders.lines([id]), this.pickingsOf([id], assignmentField)]);
    return {
      id: order.id, name: order.name, state: order.state, clientOrderRef: order.clientOrderRef, writeDate: order.writeDate?.toISOString() ?? null,
      lines: (lines.get(id) ?? []).filter((l) => !l.displayType && l.product).map((l): OdooOrderLineSnapshot => ({
        id: l.id, productId: l.product!.id, qty: l.quantity, priceUnit: l.priceUnit,
      })),
      pickings: pickings.get(id) ?? [],
    };
  }

  private async pickingsOf(orderIds: number[], assignmentField: string): Promise<Map<number, OdooPickingSnapshot[]>> {
    const out = new Map<number, OdooPickingSnapshot[]>();
    if (!(await this.odoo.hasField(PICKING, 'sale_id'))) return out;
    const fields = ['state', 'picking_type_code', 'sale_id'];
    const hasAssignee = await this.odoo.hasField(PICKING, assignmentField);
    if (hasAssignee) fields.push(assignmentField);
    const rows = await this.odoo.searchRead(PICKING, [['sale_id', 'in', orderIds]], { fields, order: 'id asc' });
    for (const r of rows) {
      const orderId = idOf(r.sale_id);
      if (!orderId) continue;
      const list = out.get(orderId) ?? [];
      list.push({ id: r.id, state: String(r.state), assigneeId: hasAssignee ? idOf(r[assignmentField]) : null, outgoing: r.picking_type_code === 'outgoing' });
      out.set(orderId, list);
    }
    return out;
  }

  /**
   * The retailer's partner, by its stable key in `ref` (`cartona:code:A00315`): one per retailer,
   * never matched on name. Serialised per key with a Postgres advisory lock, so two orders of a
   * new retailer imported at once create one partner.
   */
  async findOrCreateRetailer(r: CartonaRetailer, scope: RetailerScope): Promise<number> {
    const ref = scope.key ? `cartona:${scope.key}` : null;
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      if (ref) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [ref]);
      try {
        if (ref) {
          const [found] = await this.partners.findByRef(ref);
          if (found) {
            if ((r.phone && found.phone !== r.phone) || (r.name && found.name !== r.name)) {
              await this.partners.update(found.id, { name: r.name, phone: r.phone ?? found.phone });
            }
            return found.id;
          }
        }
        const egypt = await this.partners.countryId('EG').catch(() => null);
        return await this.partners.create({
          name: r.name, phone: r.phone, mobile: r.phone2, email: r.email, street: r.address, ref, customerRank: 1, countryId: egypt,
          extra: { comment: r.addressNotes ?? undefined, company_id: scope.companyId ?? undefined },
        });
      } finally {
        if (ref) await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [ref]);
      }
    } finally {
      await runner.release();
    }
  }

  async createOrder(input: OdooOrderInput): Promise<number> {
    const { id } = await this.orders.createOnce({
      partnerId: input.partnerId, clientOrderRef: input.clientOrderRef, origin: input.origin, note: input.note,
      warehouseId: input.warehouseId ?? undefined,
      commitmentDate: input.commitmentDate && /^\d{4}-\d{2}-\d{2}/.test(input.commitmentDate) ? new Date(`${input.commitmentDate.slice(0, 10)}T12:00:00Z`) : undefined,
      lines: input.lines.map((l) => ({ productId: l.productId, quantity: l.qty, priceUnit: l.priceUnit, name: l.name })),
      extra: { ...(input.pricelistId ? { pricelist_id: input.pricelistId } : {}), ...(input.companyId ? { company_id: input.companyId } : {}) },
    });
    return id;
  }

  confirmOrder(id: number): Promise<void> {
    return this.orders.confirm(id);
  }

  cancelOrder(id: number): Promise<void> {
    return this.orders.cancel(id);
  }

  async replaceLines(id: number, _current: OdooOrderLineSnapshot[], lines: Array<OdooOrderLineInput & { odooLineId?: number }>): Promise<number[]> {
    await this.orders.replaceLines(id, lines.map((l) => ({ productId: l.productId, quantity: l.qty, priceUnit: l.priceUnit, name: l.name })));
    return [...((await this.orders.lines([id])).get(id) ?? [])].map((l) => l.id);
  }

  async validateDelivery(id: number): Promise<void> {
    const pickings = (await this.stock.pickingsForOrders([id])).filter((p) => p.typeCode === 'outgoing' && p.state !== 'done' && p.state !== 'cancel');
    for (const p of pickings) {
      if (p.state !== 'assigned') await this.stock.reserve(p.id);
      await this.stock.validate(p.id, { setQuantities: true });
    }
  }

  async postNote(id: number, text: string): Promise<void> {
    await this.chatter.post('sale.order', id, { body: text, internal: true });
  }

  async orderIdsOf(model: string, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    if (model === 'sale.order') return ids;
    const field = model === 'sale.order.line' ? 'order_id' : model === PICKING ? 'sale_id' : null;
    if (!field) return [];
    const rows: OdooRecord[] = await this.odoo.searchRead(model, [['id', 'in', ids]], { fields: [field] });
    return [...new Set(rows.map((r) => idOf(r[field])).filter((x): x is number => !!x))];
  }

  async ordersChangedSince(cursor: { id: number; writeDate: string } | null, limit: number): Promise<Array<{ id: number; writeDate: string }>> {
    const rows = await this.odoo.searchRead('sale.order', [...keyset(cursor), ['client_order_ref', '!=', false]], {
      fields: ['write_date'], order: 'write_date asc, id asc', limit,
    });
    return rows.map((r) => ({ id: r.id, writeDate: String(r.write_date) }));
  }

  async pickingsChangedSince(cursor: { id: number; writeDate: string } | null, limit: number): Promise<Array<{ id: number; writeDate: string; orderId: number | null }>> {
    if (!(await this.odoo.hasField(PICKING, 'sale_id'))) return [];
    const rows = await this.odoo.searchRead(PICKING, [...keyset(cursor), ['sale_id', '!=', false], ['picking_type_code', '=', 'outgoing']], {
      fields: ['write_date', 'sale_id'], order: 'write_date asc, id asc', limit,
    });
    return rows.map((r) => ({ id: r.id, writeDate: String(r.write_date), orderId: idOf(r.sale_id) }));
  }
}
