import type { Type } from '@nestjs/common';
import { CartonaSyncModule } from './cartona-sync';
import { LoyaltyModule } from './loyalty';
import { PortalBillingModule } from './portal-billing';

/** The bounded contexts, one Nest module each. Add a context's module here (one line). */
export const CONTEXT_MODULES: Type[] = [
  CartonaSyncModule,
  LoyaltyModule,
  PortalBillingModule,
];
