import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { NotFound, ValidationFailed } from '../../../infrastructure/errors';
import { isValidTimeZone } from '../domain/calendar';
import { normalizeEmail, pickLinkCandidate, type SecondFact } from '../domain/link-rules';
import { PortalAlreadyLinked, PortalLinkNotVerified, PortalLinkRateLimited } from '../domain/portal.errors';
import type { PartnerFacts } from '../domain/portal.types';
import { PortalOdooPort } from '../integration/portal-odoo.port';
import type { LinkMethod, PartnerLink } from '../persistence/partner-link.entity';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';

export interface LinkRequest {
  accountId: string;
  accountEmail: string;
  /** When the client also sends an email, it must be the account's own. */
  claimedEmail?: string;
  fact: SecondFact;
  ip: string | null;
}

/**
 * Links a portal account to its Odoo partner. The account's email must be the partner's, and
 * the customer proves ownership with a second fact only Odoo and the customer know. Every
 * failure looks the same (and runs the same Odoo calls), so the endpoint never tells whether an
 * email exists; failures are counted per account and per IP and rate-limited.
 */
@Injectable()
export class LinkingService {
  private readonly logger = new Logger(LinkingService.name);
  constructor(
    private readonly links: PartnerLinkRepository,
    private readonly odoo: PortalOdooPort,
    private readonly config: AppConfig,
  ) {}

  async current(accountId: string): Promise<PartnerLink | null> {
    return this.links.findByAccount(accountId);
  }

  async link(req: LinkRequest): Promise<PartnerLink> {
    const existing = await this.links.findByAccount(req.accountId);
    if (existing) throw new PortalAlreadyLinked(`Your account is already linked to customer ${existing.partnerName}`);

    const { linkMaxFailures, linkMaxFailuresPerIp, linkWindowSeconds } = this.config.portal;
    const gate = await this.links.beginAttempt(req.accountId, req.ip, {
      windowSeconds: linkWindowSeconds, maxPerAccount: linkMaxFailures, maxPerIp: linkMaxFailuresPerIp,
    });
    if (!gate.allowed) throw new PortalLinkRateLimited(gate.retryAfterSeconds);

    let candidates: Awaited<ReturnType<PortalOdooPort['findLinkCandidates']>>;
    let owners: number[];
    try {
      // The look-ups run in full whatever Odoo holds, so timing and Odoo traffic never depend on whether the email exists.
      [candidates, owners] = await Promise.all([
        this.odoo.findLinkCandidates(req.accountEmail),
        req.fact.kind === 'invoice_number' ? this.odoo.findInvoiceOwners(req.fact.value) : Promise.resolve([]),
      ]);
    } catch (err) {
      // Odoo being down is not the customer's failure: do not count it.
      await this.links.finishAttempt(gate.attemptId, 'aborted', 'odoo_unavailable').catch(() => undefined);
      throw err;
    }

    const emailOk = req.claimedEmail === undefined || normalizeEmail(req.claimedEmail) === normalizeEmail(req.accountEmail);
    const chosen = emailOk ? pickLinkCandidate(req.accountEmail, candidates, req.fact, owners) : null;
    if (!chosen) {
      await this.links.finishAttempt(gate.attemptId, 'failed', !emailOk ? 'email_mismatch' : candidates.length ? 'fact_mismatch' : 'no_candidate');
      this.logger.log({ accountId: req.accountId, method: req.fact.kind }, 'link attempt not verified');
      throw new PortalLinkNotVerified(Math.max(0, gate.remaining));
    }

    const family = await this.odoo.listFamilyPartnerIds(chosen.commercialPartnerId);
    const link = this.newLink(req.accountId, chosen, family, req.fact.kind, null);
    if (!(await this.links.insert(link))) {
      await this.links.finishAttempt(gate.attemptId, 'succeeded', 'partner_taken');
      throw new PortalAlreadyLinked('This customer record is already linked to another portal account. Contact support to move it.');
    }
    await this.links.finishAttempt(gate.attemptId, 'succeeded', null);
    this.logger.log({ accountId: req.accountId, partnerId: chosen.id, method: req.fact.kind }, 'portal account linked');
    return link;
  }

  /** Admin: link an account to a partner without the customer's proof (support desk). */
  async adminLink(input: { accountId: string; partnerId: number; adminId: string; replace: boolean }): Promise<PartnerLink> {
    const partner = await this.odoo.getPartner(input.partnerId);
    if (!partner || !partner.active) throw new NotFound(`Odoo partner ${input.partnerId} not found or archived`, 'PORTAL.PARTNER_NOT_FOUND');
    const taken = await this.links.findByPartner(partner.id);
    if (taken && taken.accountId !== input.accountId) {
      throw new PortalAlreadyLinked(`Partner ${partner.id} is linked to another account (${taken.accountId}); unlink it first`);
    }
    const existing = await this.links.findByAccount(input.accountId);
    if (existing && !input.replace) {
      throw new PortalAlreadyLinked(`Account is already linked to partner ${existing.partnerId}; send replace: true to move it`);
    }
    const family = await this.odoo.listFamilyPartnerIds(partner.commercialPartnerId);
    const link = this.newLink(input.accountId, partner, family, 'admin', input.adminId);
    await this.links.replace(link);
    this.logger.log({ accountId: input.accountId, partnerId: partner.id, adminId: input.adminId }, 'portal account linked by admin');
    return link;
  }

  async unlink(accountId: string, adminId: string): Promise<PartnerLink> {
    const removed = await this.links.delete(accountId);
    if (!removed) throw new NotFound(`Account ${accountId} has no customer link`, 'PORTAL.LINK_NOT_FOUND');
    this.logger.log({ accountId, partnerId: removed.partnerId, adminId }, 'portal account unlinked by admin');
    return removed;
  }

  private newLink(accountId: string, partner: PartnerFacts, family: number[], method: LinkMethod, adminId: string | null): PartnerLink {
    const now = new Date();
    const familyIds = [...new Set([partner.commercialPartnerId, partner.id, ...family])].sort((a, b) => a - b);
    return {
      accountId,
      partnerId: partner.id,
      commercialPartnerId: partner.commercialPartnerId,
      partnerName: partner.name.slice(0, 300),
      partnerEmail: normalizeEmail(partner.email),
      familyPartnerIds: familyIds,
      timezone: isValidTimeZone(partner.tz) ? partner.tz : null,
      method,
      linkedBy: adminId,
      linkedAt: now,
      refreshedAt: now,
    };
  }
}

/** The second fact from the request body: exactly one of customer_ref / invoice_number. */
export function secondFactOf(body: { customer_ref?: string; invoice_number?: string }): SecondFact {
  const ref = body.customer_ref?.trim();
  const inv = body.invoice_number?.trim();
  if (!!ref === !!inv) {
    throw new ValidationFailed('Send exactly one of customer_ref or invoice_number', {
      customer_ref: ['provide your customer reference or an invoice number (one of them)'],
    }, 'PORTAL.LINK_FACT_REQUIRED');
  }
  return ref ? { kind: 'customer_ref', value: ref } : { kind: 'invoice_number', value: inv! };
}
