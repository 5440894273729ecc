import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { isValidTimeZone } from '../domain/calendar';
import { PortalNotLinked } from '../domain/portal.errors';
import type { PartnerScope } from '../domain/portal.types';
import type { PartnerLink } from '../persistence/partner-link.entity';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';

/** Resolves a portal account to the partner scope every portal route works in. */
@Injectable()
export class PortalScopeService {
  constructor(private readonly links: PartnerLinkRepository, private readonly config: AppConfig) {}

  async resolve(accountId: string): Promise<PartnerScope> {
    const link = await this.links.findByAccount(accountId);
    if (!link) throw new PortalNotLinked();
    return this.toScope(link);
  }

  toScope(link: PartnerLink): PartnerScope {
    return {
      accountId: link.accountId,
      partnerId: link.partnerId,
      commercialPartnerId: link.commercialPartnerId,
      familyPartnerIds: link.familyPartnerIds.length ? link.familyPartnerIds : [link.commercialPartnerId, link.partnerId],
      partnerName: link.partnerName,
      timezone: isValidTimeZone(link.timezone) ? link.timezone : this.config.portal.defaultTimezone,
    };
  }
}

/**
 * Defence in depth: Odoo domains are already scoped to the commercial partner, and every record
 * is checked again here before it can reach a customer. A record of a contact the hub does not
 * know yet (added in Odoo after linking) is dropped until the family is refreshed.
 */
export function ownedBy(scope: PartnerScope): (r: { partnerId: number | null; commercialPartnerId?: number }) => boolean {
  const family = new Set(scope.familyPartnerIds);
  return (r) => (r.commercialPartnerId !== undefined ? r.commercialPartnerId === scope.commercialPartnerId : r.partnerId !== null && family.has(r.partnerId));
}
