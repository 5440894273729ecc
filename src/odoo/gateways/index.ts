import { OdooAttachmentGateway } from './attachments.gateway';
import { OdooChatterGateway } from './chatter.gateway';
import { OdooInvoiceGateway } from './invoices.gateway';
import { OdooLoyaltyGateway } from './loyalty.gateway';
import { OdooMembershipGateway } from './membership.gateway';
import { OdooPartnerGateway } from './partners.gateway';
import { OdooPaymentGateway } from './payments.gateway';
import { OdooProductGateway } from './products.gateway';
import { OdooSaleOrderGateway } from './sale-orders.gateway';
import { OdooStockGateway } from './stock.gateway';
import { OdooSubscriptionGateway } from './subscriptions.gateway';
import { OdooTicketGateway } from './tickets.gateway';

export * from './odoo-gateway';
export * from './partners.gateway';
export * from './products.gateway';
export * from './stock.gateway';
export * from './sale-orders.gateway';
export * from './invoices.gateway';
export * from './payments.gateway';
export * from './tickets.gateway';
export * from './attachments.gateway';
export * from './chatter.gateway';
export * from './loyalty.gateway';
export * from './membership.gateway';
export * from './subscriptions.gateway';

/** Every gateway, provided and exported by OdooModule (add yours here). */
export const ODOO_GATEWAYS = [
  OdooPartnerGateway, OdooProductGateway, OdooStockGateway, OdooSaleOrderGateway, OdooInvoiceGateway, OdooPaymentGateway,
  OdooTicketGateway, OdooAttachmentGateway, OdooChatterGateway, OdooLoyaltyGateway, OdooMembershipGateway, OdooSubscriptionGateway,
];
