import { Injectable } from '@nestjs/common';
import { PortalBillingPort, type PortalCustomerLink } from '../portal-billing.port';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';

@Injectable()
export class PortalBillingFacade extends PortalBillingPort {
  constructor(private readonly links: PartnerLinkRepository) {
    super();
  }

  async linkedCustomer(accountId: string): Promise<PortalCustomerLink | null> {
    const l = await this.links.findByAccount(accountId);
    return l ? { accountId: l.accountId, partnerId: l.partnerId, commercialPartnerId: l.commercialPartnerId } : null;
  }
}
