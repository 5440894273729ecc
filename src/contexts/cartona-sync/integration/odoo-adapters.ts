import type { Provider } from '@nestjs/common';
import { OdooCatalogAdapter } from './odoo-catalog.adapter';
import { OdooCatalogPort } from './odoo-catalog.port';
import { OdooOrdersAdapter } from './odoo-orders.adapter';
import { OdooOrdersPort } from './odoo-orders.port';

/** The Odoo ports' implementations over the shared Odoo provider (src/odoo). */
export const ODOO_ADAPTERS: Provider[] = [
  { provide: OdooCatalogPort, useClass: OdooCatalogAdapter },
  { provide: OdooOrdersPort, useClass: OdooOrdersAdapter },
];
