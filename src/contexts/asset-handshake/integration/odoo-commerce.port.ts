import type { CommerceInvoice, CommerceOrder, OdooRecordRef, OrderSerial } from '../domain/commerce';

export interface ChangeCursor { writeDate: string; lastId: number }
/** Order ids affected, the cursor after the last record read, and whether a full page was read (more may follow). */
export interface ChangedIds { ids: number[]; next: ChangeCursor | null; more: boolean }

export interface DraftServiceOrder {
  /** Idempotency key: the order is searched by it before one is created (`client_order_ref`). */
  clientOrderRef: string;
  partnerId: number;
  origin: string;
  note: string;
  lines: Array<{ defaultCode: string | null; name: string; quantity: number; priceUnit: number }>;
}

/**
 * What AssetHandshake needs from Odoo, in its own terms. Implemented on the shared Odoo gateways
 * (`src/odoo`); unit tests use the in-memory fake in `testing/`. Reads are batched by id. Writes
 * are idempotent: each carries a marker or external reference that is searched before writing.
 */
export abstract class OdooCommercePort {
  /** Orders with their lines and product facts; ids that do not exist are left out. */
  abstract readOrders(ids: number[]): Promise<CommerceOrder[]>;
  abstract findOrderByName(name: string): Promise<CommerceOrder | null>;
  /** Serials on each order's outgoing moves (reserved or delivered). */
  abstract readSerials(orderIds: number[]): Promise<Map<number, OrderSerial[]>>;
  /** Customer invoices of each order. */
  abstract readInvoices(orderIds: number[]): Promise<Map<number, CommerceInvoice[]>>;

  /** `write_date` polling (cursor = last (write_date, id) seen), for the models whose changes matter. */
  abstract changedOrders(since: ChangeCursor | null, limit: number): Promise<ChangedIds>;
  /** Orders whose invoices or deliveries changed since the cursor. */
  abstract ordersWithChangedInvoices(since: ChangeCursor | null, limit: number): Promise<ChangedIds>;
  abstract ordersWithChangedPickings(since: ChangeCursor | null, limit: number): Promise<ChangedIds>;

  /** Posts a chatter note unless one carrying `marker` exists on the record. */
  abstract postNote(ref: OdooRecordRef, body: string, marker: string): Promise<'posted' | 'exists'>;
  /** Schedules a to-do activity unless one carrying `marker` exists. */
  abstract scheduleActivity(ref: OdooRecordRef, a: { summary: string; note: string; marker: string }): Promise<'created' | 'exists'>;
  /** Writes the given totals to the fields that exist on the record's model; returns the fields written. */
  abstract writeUsageTotals(ref: OdooRecordRef, totals: Record<string, number>): Promise<string[]>;
  /** A draft sale order for a paid service event (DABS-ODOO), found by `clientOrderRef` if it exists. */
  abstract ensureDraftServiceOrder(o: DraftServiceOrder): Promise<{ id: number; name: string; created: boolean }>;
}
