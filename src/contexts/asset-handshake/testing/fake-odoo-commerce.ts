import type { CommerceInvoice, CommerceOrder, CommerceOrderLine, OdooRecordRef, OrderSerial } from '../domain/commerce';
import { OdooCommercePort, type ChangeCursor, type ChangedIds, type DraftServiceOrder } from '../integration/odoo-commerce.port';

/**
 * In-memory Odoo for specs and medium tests: orders, serials, invoices, chatter, activities,
 * usage fields and draft orders, with write_date ordering for the poller. Not a simulator: it
 * speaks the port, not Odoo's wire protocol.
 */
export class FakeOdooCommerce extends OdooCommercePort {
  orders = new Map<number, CommerceOrder>();
  serials = new Map<number, OrderSerial[]>();
  invoices = new Map<number, CommerceInvoice[]>();
  notes: Array<{ ref: OdooRecordRef; body: string }> = [];
  activities: Array<{ ref: OdooRecordRef; summary: string; note: string }> = [];
  usage = new Map<string, Record<string, number>>();
  usageFields = new Set(['x_abs_swap_count', 'x_abs_energy_kwh']);
  drafts: Array<DraftServiceOrder & { id: number; name: string }> = [];
  calls: string[] = [];
  /** Makes the next N calls fail as if Odoo were down. */
  failNext = 0;
  // Ids unique per instance: test runs share one database, and flows are unique per Odoo record id.
  private seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  private clock = Date.parse('2025-01-15T08:00:00Z');

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().slice(0, 19).replace('T', ' ');
  }

  private call(name: string): void {
    this.calls.push(name);
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('Odoo unavailable (fake)'), { name: 'OdooUnavailable' });
    }
  }

  addOrder(o: Omit<Partial<CommerceOrder>, 'lines'> & { name: string; lines: Array<Partial<CommerceOrderLine> & { defaultCode: string | null }> }): CommerceOrder {
    const id = o.id ?? ++this.seq;
    const order: CommerceOrder = {
      id, name: o.name, state: o.state ?? 'draft', partnerId: o.partnerId ?? 7, partnerName: o.partnerName ?? 'Kofi Mensah',
      originalOrderRef: o.originalOrderRef ?? null, clientOrderRef: o.clientOrderRef ?? null, dateOrder: o.dateOrder ?? null,
      amountTotal: o.amountTotal ?? 0, currency: o.currency ?? 'XOF', writeDate: this.tick(), isSubscription: o.isSubscription ?? false,
      subscriptionState: o.subscriptionState ?? null, startDate: o.startDate ?? null, endDate: o.endDate ?? null,
      lines: o.lines.map((l, i) => ({
        id: l.id ?? id * 100 + i, productId: l.productId ?? 500 + i, productName: l.productName ?? l.defaultCode ?? 'product', defaultCode: l.defaultCode,
        categoryName: l.categoryName ?? null, odooType: l.odooType ?? 'service', serialTracked: l.serialTracked ?? false,
        quantity: l.quantity ?? 1, priceUnit: l.priceUnit ?? 0, priceTotal: l.priceTotal ?? l.priceUnit ?? 0, isDisplayLine: l.isDisplayLine ?? false,
      })),
    };
    this.orders.set(id, order);
    return order;
  }

  update(id: number, patch: Partial<CommerceOrder>): void {
    const o = this.orders.get(id)!;
    Object.assign(o, patch, { writeDate: this.tick() });
  }

  deliver(orderId: number, s: Omit<OrderSerial, 'pickingName' | 'dateDone'> & Partial<OrderSerial>): void {
    this.serials.set(orderId, [...(this.serials.get(orderId) ?? []), { pickingName: 'WH/OUT/00001', dateDone: s.state === 'done' ? '2025-01-15 09:00:00' : null, ...s }]);
    this.update(orderId, {});
  }

  pay(orderId: number, inv: Partial<CommerceInvoice> = {}): CommerceInvoice {
    const invoice: CommerceInvoice = {
      id: inv.id ?? ++this.seq, name: inv.name ?? `INV/2025/${this.seq}`, state: inv.state ?? 'posted', paymentState: inv.paymentState ?? 'paid',
      amountTotal: inv.amountTotal ?? 1200, amountResidual: inv.amountResidual ?? 0, invoiceDate: inv.invoiceDate ?? '2025-01-15', dueDate: inv.dueDate ?? '2025-01-15',
    };
    this.invoices.set(orderId, [...(this.invoices.get(orderId) ?? []), invoice]);
    this.update(orderId, {});
    return invoice;
  }

  async readOrders(ids: number[]): Promise<CommerceOrder[]> {
    this.call('readOrders');
    return ids.flatMap((id) => (this.orders.has(id) ? [structuredClone(this.orders.get(id)!)] : []));
  }
  async findOrderByName(name: string): Promise<CommerceOrder | null> {
    this.call('findOrderByName');
    return [...this.orders.values()].find((o) => o.name === name) ?? null;
  }
  async readSerials(orderIds: number[]): Promise<Map<number, OrderSerial[]>> {
    this.call('readSerials');
    return new Map(orderIds.map((id) => [id, structuredClone(this.serials.get(id) ?? [])]));
  }
  async readInvoices(orderIds: number[]): Promise<Map<number, CommerceInvoice[]>> {
    this.call('readInvoices');
    return new Map(orderIds.map((id) => [id, structuredClone(this.invoices.get(id) ?? [])]));
  }

  private changed(since: ChangeCursor | null, limit: number): ChangedIds {
    const rows = [...this.orders.values()]
      .filter((o) => !since || o.writeDate > since.writeDate || (o.writeDate === since.writeDate && o.id > since.lastId))
      .sort((a, b) => a.writeDate.localeCompare(b.writeDate) || a.id - b.id)
      .slice(0, limit);
    const last = rows[rows.length - 1];
    return { ids: rows.map((r) => r.id), next: last ? { writeDate: last.writeDate, lastId: last.id } : since, more: rows.length === limit };
  }
  async changedOrders(since: ChangeCursor | null, limit: number): Promise<ChangedIds> {
    this.call('changedOrders');
    return this.changed(since, limit);
  }
  async ordersWithChangedInvoices(since: ChangeCursor | null): Promise<ChangedIds> {
    this.call('ordersWithChangedInvoices');
    return { ids: [], next: since, more: false };
  }
  async ordersWithChangedPickings(since: ChangeCursor | null): Promise<ChangedIds> {
    this.call('ordersWithChangedPickings');
    return { ids: [], next: since, more: false };
  }

  async postNote(ref: OdooRecordRef, body: string, marker: string): Promise<'posted' | 'exists'> {
    this.call('postNote');
    if (this.notes.some((n) => n.ref.id === ref.id && n.body.includes(marker))) return 'exists';
    this.notes.push({ ref, body });
    return 'posted';
  }
  async scheduleActivity(ref: OdooRecordRef, a: { summary: string; note: string; marker: string }): Promise<'created' | 'exists'> {
    this.call('scheduleActivity');
    if (this.activities.some((x) => x.ref.id === ref.id && x.note.includes(a.marker))) return 'exists';
    this.activities.push({ ref, summary: a.summary, note: `${a.note} ${a.marker}` });
    return 'created';
  }
  async writeUsageTotals(ref: OdooRecordRef, totals: Record<string, number>): Promise<string[]> {
    this.call('writeUsageTotals');
    const fields = Object.keys(totals).filter((f) => this.usageFields.has(f));
    const key = `${ref.model}:${ref.id}`;
    this.usage.set(key, { ...this.usage.get(key), ...Object.fromEntries(fields.map((f) => [f, totals[f]])) });
    return fields;
  }
  async ensureDraftServiceOrder(o: DraftServiceOrder): Promise<{ id: number; name: string; created: boolean }> {
    this.call('ensureDraftServiceOrder');
    const found = this.drafts.find((d) => d.clientOrderRef === o.clientOrderRef);
    if (found) return { id: found.id, name: found.name, created: false };
    const id = ++this.seq;
    const draft = { ...o, id, name: `S${String(id).padStart(5, '0')}` };
    this.drafts.push(draft);
    return { id, name: draft.name, created: true };
  }
}
