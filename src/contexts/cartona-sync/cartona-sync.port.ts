/** What other contexts may ask of CartonaSync. */
export interface CartonaOrderRef {
  hashedId: string;
  cartonaStatus: string | null;
  odooOrderId: number | null;
  state: string;
}

export abstract class CartonaSyncPort {
  /** The Cartona order behind an Odoo sale order, if it came from Cartona. */
  abstract orderForOdooOrder(odooOrderId: number): Promise<CartonaOrderRef | null>;
  /** Tells CartonaSync that Odoo records changed (for a context that watches Odoo itself). */
  abstract odooRecordsChanged(model: string, ids: number[], eventId: string): Promise<void>;
}
