/** What other contexts may ask PortalBilling: which Odoo customer a portal account is. */
export interface PortalCustomerLink {
  accountId: string;
  partnerId: number;
  commercialPartnerId: number;
}

export abstract class PortalBillingPort {
  abstract linkedCustomer(accountId: string): Promise<PortalCustomerLink | null>;
}
