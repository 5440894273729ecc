// PortalBilling's public surface: its module and its port. Nothing else is imported by other contexts.
export { PortalBillingModule } from './portal-billing.module';
export { PortalBillingPort, type PortalCustomerLink } from './portal-billing.port';
