import { OdooInvoiceGateway } from './invoices.gateway';
import { OdooPartnerGateway } from './partners.gateway';
import { OdooPaymentGateway } from './payments.gateway';
import { OdooProductGateway } from './products.gateway';
import { OdooSaleOrderGateway } from './sale-orders.gateway';
import { OdooStockGateway } from './stock.gateway';

export * from './odoo-gateway';
export * from './partners.gateway';
export * from './products.gateway';
export * from './stock.gateway';
export * from './sale-orders.gateway';
export * from './invoices.gateway';
export * from './payments.gateway';

/** Every gateway, provided and exported by OdooModule (add yours here). */
export const ODOO_GATEWAYS = [
  OdooPartnerGateway, OdooProductGateway, OdooStockGateway, OdooSaleOrderGateway, OdooInvoiceGateway, OdooPaymentGateway,
];
