import type {
  CartonaBulkResult, CartonaOrderDetailsUpdate, CartonaProductQuery, CartonaProductRow, CartonaProductUpdate,
  CartonaPullQuery, CartonaStatusUpdate,
} from './cartona-api.types';

/** Where and as whom to call Cartona: one per supplier account (one per Odoo warehouse). */
export interface CartonaConnection {
  accountId: string;
  baseUrl: string;
  /** Secret: sent only in the `AuthorizationToken` header, never logged or audited. */
  token: string;
  timeoutMs: number;
  /** `internal_supplier_code` when one token covers several supplier accounts (reference §1.2). */
  supplierCode?: string | null;
}

/** The Cartona supplier API as the context uses it; every method throws a classified error. */
export interface CartonaClient {
  listProducts(query?: CartonaProductQuery): Promise<CartonaProductRow[]>;
  bulkUpdateProducts(items: CartonaProductUpdate[]): Promise<CartonaBulkResult>;
  /** Raw order objects (parsed by the domain, so a malformed one is held, not lost). */
  pullOrders(query?: CartonaPullQuery): Promise<unknown[]>;
  /** Single endpoint: fails loudly when Cartona refuses (wrong OTP, bad transition). */
  updateOrderStatus(update: CartonaStatusUpdate): Promise<void>;
  bulkUpdateOrderStatus(updates: CartonaStatusUpdate[]): Promise<CartonaBulkResult>;
  updateOrderDetails(updates: CartonaOrderDetailsUpdate[]): Promise<CartonaBulkResult>;
}

export abstract class CartonaClientFactory {
  abstract for(connection: CartonaConnection): CartonaClient;
}
