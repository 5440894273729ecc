/** Public surface of the Loyalty context: its module, its port and its event contracts. */
export { LoyaltyModule } from './loyalty.module';
export { LoyaltyPort, type LoyaltyMemberSummary } from './loyalty.port';
export * from './loyalty.events';
