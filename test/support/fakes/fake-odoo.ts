import { UpstreamUnavailable } from '../../../src/infrastructure/errors';
import type { CartonaRetailer } from '../../../src/contexts/cartona-sync/domain/cartona-order';
import type { ChangedRecord, OdooCatalogScope, OdooProductState } from '../../../src/contexts/cartona-sync/integration/odoo-catalog.port';
import type {
  OdooOrderInput, OdooOrderLineInput, OdooOrderLineSnapshot, OdooOrderSnapshot, RetailerScope,
} from '../../../src/contexts/cartona-sync/integration/odoo-orders.port';

/**
 * An in-memory Odoo behind CartonaSync's two ports, for tests of the context's logic at the
 * outer edge (hand-written fake, no mocks). `down = true` makes every call fail as Odoo
 * unreachable would. The e2e suite against the Odoo simulator covers the real protocol.
 */
export class FakeOdoo {
  down = false;
  products = new Map<number, OdooProductState & { writeDate: string }>();
  partners: Array<{ id: number; ref: string | null; name: string; phone: string | null }> = [];
  orders = new Map<number, OdooOrderSnapshot & { partnerId: number; note: string; notes: string[] }>();
  creates = 0;
  private nextId = 1000;
  private clock = 0;

  private guard(): void {
    if (this.down) throw new UpstreamUnavailable('odoo', 'Odoo is unreachable (fake)');
  }
  private stamp(): string {
    return new Date(Date.UTC(2026, 0, 1) + ++this.clock * 1000).toISOString();
  }

  addProduct(p: Partial<OdooProductState> & { id: number }): void {
    this.products.set(p.id, {
      name: `Product ${p.id}`, active: true, saleOk: true, companyId: null, price: 10, freeQty: 5, barcode: null, defaultCode: null, cartonaFieldValue: null,
      ...p, writeDate: this.stamp(),
    });
  }
  setPrice(id: number, price: number): void {
    const p = this.products.get(id)!;
    p.price = price;
    p.writeDate = this.stamp();
  }

  // ---- OdooCatalogPort
  async readProducts(ids: number[], _scope: OdooCatalogScope): Promise<OdooProductState[]> {
    this.guard();
    return ids.map((id) => this.products.get(id)).filter((p): p is OdooProductState & { writeDate: string } => !!p).map((p) => ({ ...p }));
  }
  async listProducts(_scope: OdooCatalogScope, page: { afterId: number; limit: number }): Promise<OdooProductState[]> {
    this.guard();
    return [...this.products.values()].filter((p) => p.id > page.afterId).sort((a, b) => a.id - b.id).slice(0, page.limit);
  }
  async countProducts(): Promise<number> {
    this.guard();
    return this.products.size;
  }
  async productsChangedSince(cursor: ChangedRecord | null, limit: number): Promise<ChangedRecord[]> {
    this.guard();
    return [...this.products.values()]
      .map((p) => ({ id: p.id, writeDate: p.writeDate }))
      .filter((r) => !cursor || r.writeDate > cursor.writeDate || (r.writeDate === cursor.writeDate && r.id > cursor.id))
      .sort((a, b) => a.writeDate.localeCompare(b.writeDate) || a.id - b.id)
      .slice(0, limit);
  }
  async templatesChangedSince(): Promise<Array<ChangedRecord & { variantIds: number[] }>> {
    this.guard();
    return [];
  }
  async stockChangedSince(): Promise<Array<ChangedRecord & { productId: number }>> {
    this.guard();
    return [];
  }
  async productFieldExists(field: string): Promise<boolean> {
    return field === 'x_cartona_id';
  }
  async variantIdsOf(_model: string, ids: number[]): Promise<number[]> {
    return ids;
  }

  // ---- OdooOrdersPort
  async findOrderByClientRef(ref: string): Promise<OdooOrderSnapshot | null> {
    this.guard();
    return [...this.orders.values()].find((o) => o.clientOrderRef === ref) ?? null;
  }
  async readOrder(id: number): Promise<OdooOrderSnapshot | null> {
    this.guard();
    const o = this.orders.get(id);
    return o ? structuredClone(o) : null;
  }
  async findOrCreateRetailer(r: CartonaRetailer, scope: RetailerScope): Promise<number> {
    this.guard();
    const ref = scope.key ? `cartona:${scope.key}` : null;
    const found = ref ? this.partners.find((p) => p.ref === ref) : undefined;
    if (found) return found.id;
    const id = this.nextId++;
    this.partners.push({ id, ref, name: r.name, phone: r.phone });
    return id;
  }
  async createOrder(input: OdooOrderInput): Promise<number> {
    this.guard();
    this.creates++;
    const id = this.nextId++;
    this.orders.set(id, {
      id, name: `S${String(id).padStart(5, '0')}`, state: 'draft', clientOrderRef: input.clientOrderRef, writeDate: this.stamp(), partnerId: input.partnerId,
      note: input.note, notes: [], pickings: [],
      lines: input.lines.map((l: OdooOrderLineInput) => ({ id: this.nextId++, productId: l.productId, qty: l.qty, priceUnit: l.priceUnit })),
    });
    return id;
  }
  async confirmOrder(id: number): Promise<void> {
    this.guard();
    const o = this.orders.get(id)!;
    o.state = 'sale';
    o.pickings = [{ id: this.nextId++, state: 'confirmed', assigneeId: null, outgoing: true }];
  }
  async cancelOrder(id: number): Promise<void> {
    this.guard();
    const o = this.orders.get(id)!;
    o.state = 'cancel';
    for (const p of o.pickings) if (p.state !== 'done') p.state = 'cancel';
  }
  async validateDelivery(id: number): Promise<void> {
    this.guard();
    for (const p of this.orders.get(id)!.pickings) if (p.outgoing && p.state !== 'cancel') p.state = 'done';
  }
  async replaceLines(id: number, _current: OdooOrderLineSnapshot[], lines: Array<OdooOrderLineInput & { odooLineId?: number }>): Promise<number[]> {
    this.guard();
    const o = this.orders.get(id)!;
    o.lines = lines.map((l) => ({ id: l.odooLineId ?? this.nextId++, productId: l.productId, qty: l.qty, priceUnit: l.priceUnit }));
    return o.lines.map((l) => l.id);
  }
  async postNote(id: number, text: string): Promise<void> {
    this.orders.get(id)?.notes.push(text);
  }
  async orderIdsOf(_model: string, ids: number[]): Promise<number[]> {
    return ids;
  }
  async ordersChangedSince(): Promise<Array<{ id: number; writeDate: string }>> {
    return [];
  }
  async pickingsChangedSince(): Promise<Array<{ id: number; writeDate: string; orderId: number | null }>> {
    return [];
  }
}
