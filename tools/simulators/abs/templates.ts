/**
 * BSS setup data the simulator knows (reference §5.2): ServicePlanTemplates shaped like
 * `bss-lome-plan-mobbat-30ah-swap-1day-v1.json`. The Lomé MobBat 30/45/100 Ah × 1/7/30-day family
 * is generated; swap quotas follow the live Togo bundles (B45-1: 1 swap, B45-7: 15, B45-30: 60),
 * except the 30 Ah plans, which keep the sample's unlimited metering.
 */
export interface SimServiceConfiguration {
  service_id: string;
  initial_quota: number;
  max_quota: number;
  rate_limit_per_day: number;
  auto_renewal: boolean;
  overage_allowed: boolean;
  overage_rate: number | null;
}

export interface SimPlanTemplate {
  id: string;
  name: string;
  status: 'ACTIVE' | 'DEPRECATED';
  country_code: string;
  billing_currency: string;
  contract_terms_id: string;
  service_cycle_fsm_id: string;
  payment_cycle_fsm_id: string;
  service_bundle_id: string;
  period_days: number;
  service_configurations: SimServiceConfiguration[];
  /** Price of one unit of each service, for service payments (amount ÷ unit price = quota increment). */
  unit_prices: Record<string, number>;
  /** The fleet ARM allocates batteries from. */
  fleet_id: string;
}

const SWAPS: Record<number, Record<number, number>> = { 30: { 1: -1, 7: -1, 30: -1 }, 45: { 1: 1, 7: 15, 30: 60 }, 100: { 1: 1, 7: 15, 30: 60 } };
const SWAP_PRICE: Record<number, number> = { 30: 1000, 45: 1200, 100: 2400 };

export function lomeTemplates(): SimPlanTemplate[] {
  const out: SimPlanTemplate[] = [];
  for (const ah of [30, 45, 100]) {
    for (const days of [1, 7, 30]) {
      const access = (service_id: string): SimServiceConfiguration => ({
        service_id, initial_quota: 1, max_quota: 1, rate_limit_per_day: -1, auto_renewal: false, overage_allowed: false, overage_rate: null,
      });
      const swaps = SWAPS[ah][days];
      out.push({
        id: `plan-mobbat-${ah}ah-swap-${days}day-v1`,
        name: `MobBat ${ah}Ah – ${days}-Day Swap Plan`,
        status: 'ACTIVE',
        country_code: 'TG',
        billing_currency: 'XOF',
        contract_terms_id: `terms-lome-${days}day-standard`,
        service_cycle_fsm_id: 'fsm-bss-service-cycle',
        payment_cycle_fsm_id: 'fsm-bss-payment-cycle',
        service_bundle_id: `bundle-mobbat-${ah}ah-swap-${days}day`,
        period_days: days,
        fleet_id: `fleet-batteries-togo-${ah}ah`,
        service_configurations: [
          access(`service-battery-circulation-access-mobbat-${ah}ah-${days}day`),
          access(`service-swap-network-access-${days}day`),
          { service_id: 'service-energy-gage', initial_quota: -1, max_quota: -1, rate_limit_per_day: -1, auto_renewal: false, overage_allowed: true, overage_rate: 0 },
          { service_id: 'service-swap-count', initial_quota: swaps, max_quota: swaps, rate_limit_per_day: -1, auto_renewal: false, overage_allowed: swaps < 0, overage_rate: swaps < 0 ? 0 : null },
        ],
        unit_prices: { 'service-swap-count': SWAP_PRICE[ah], 'service-energy-gage': 150 },
      });
    }
  }
  return out;
}

/** ABS represents an unlimited quota as 100000000 at run time (ABS-STATE). */
export const INFINITE_QUOTA = 100_000_000;
