import type { Provider } from '@nestjs/common';

/**
 * The Odoo ports' implementations over the shared Odoo gateways (src/odoo). Kept in one list so
 * tests can swap them for in-memory fakes at the outer edge.
 */
export const ODOO_ADAPTERS: Provider[] = [];
