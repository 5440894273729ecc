import type { Provider } from '@nestjs/common';
import { DashboardService } from './application/dashboard.service';
import { LinkingService } from './application/linking.service';
import { PaymentProofService } from './application/payment-proof.service';
import { PortalBillingFacade } from './application/portal-billing.facade';
import { PortalJobsService } from './application/portal-jobs.service';
import { PortalReadService } from './application/portal-read.service';
import { PortalScopeService } from './application/portal-scope.service';
import { StatementService } from './application/statement.service';
import { SyncService } from './application/sync.service';
import { TicketsService } from './application/tickets.service';
import { LinkAttempt } from './persistence/link-attempt.entity';
import { RecordCopy, Snapshot } from './persistence/local-copy.entity';
import { LocalCopyRepository } from './persistence/local-copy.repository';
import { PartnerLink } from './persistence/partner-link.entity';
import { PartnerLinkRepository } from './persistence/partner-link.repository';
import { PaymentProof } from './persistence/payment-proof.entity';
import { PaymentProofRepository } from './persistence/payment-proof.repository';
import { PortalTicket } from './persistence/portal-ticket.entity';
import { PortalTicketRepository } from './persistence/portal-ticket.repository';
import { PortalBillingPort } from './portal-billing.port';

export const PORTAL_BILLING_ENTITIES = [PartnerLink, LinkAttempt, RecordCopy, Snapshot, PortalTicket, PaymentProof];

/** The context's services and repositories, without the Odoo adapter (tests bind a fake port instead). */
export const PORTAL_BILLING_SERVICES: Provider[] = [
  PartnerLinkRepository, LocalCopyRepository, PortalTicketRepository, PaymentProofRepository,
  PortalScopeService, LinkingService, PortalJobsService, PortalReadService, DashboardService, TicketsService,
  PaymentProofService, StatementService, SyncService,
  PortalBillingFacade, { provide: PortalBillingPort, useExisting: PortalBillingFacade },
];
