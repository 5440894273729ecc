/**
 * The hub's mirror of ABS's two FSMs, fed only by the inputs ABS reports (`fsm_inputs_generated`
 * in echoes, service events). Payment-cycle table as read from `bss-fsm.json` (reference §2.5,
 * SAH-FLOW). The two FINAL_DUE edges are not in the readable table; we assume FINAL_PAYMENT_DUE
 * leads there (ABS-SIG lists that input) and FINAL_PAYMENT_PAID leaves it.
 */
export const PAYMENT_CYCLE_STATES = ['INITIAL', 'DEPOSIT_DUE', 'CURRENT', 'RENEWAL_DUE', 'FINAL_DUE', 'COMPLETE'] as const;
export type PaymentCycleState = (typeof PAYMENT_CYCLE_STATES)[number];

export const PAYMENT_CYCLE_INPUTS = [
  'CONTRACT_SIGNED', 'DEPOSIT_PAID', 'SUBSCRIPTION_EXPIRED', 'QUOTA_EXHAUSTED', 'RENEWAL_PAID', 'FINAL_PAYMENT_DUE', 'FINAL_PAYMENT_PAID',
] as const;
export type PaymentCycleInput = (typeof PAYMENT_CYCLE_INPUTS)[number];

export const SERVICE_CYCLE_INPUTS = [
  'DEPOSIT_CONFIRMED', 'BATTERY_ISSUED', 'BATTERY_RETURNED', 'BATTERY_LOST', 'BATTERY_FOUND',
  'SERVICE_CANCELLED', 'ASSET_SETTLEMENT_COMPLETE', 'CONTINUE_SERVICE_REQUESTED',
] as const;
export type ServiceCycleInput = (typeof SERVICE_CYCLE_INPUTS)[number];

interface Edge { from: PaymentCycleState; input: PaymentCycleInput; to: PaymentCycleState; output: string }
const PAYMENT_EDGES: readonly Edge[] = [
  { from: 'INITIAL', input: 'CONTRACT_SIGNED', to: 'DEPOSIT_DUE', output: 'DEPOSIT_REQUIRED' },
  { from: 'DEPOSIT_DUE', input: 'DEPOSIT_PAID', to: 'CURRENT', output: 'SERVICE_ACTIVATED' },
  { from: 'CURRENT', input: 'SUBSCRIPTION_EXPIRED', to: 'RENEWAL_DUE', output: 'RENEWAL_REQUIRED' },
  { from: 'CURRENT', input: 'QUOTA_EXHAUSTED', to: 'RENEWAL_DUE', output: 'RENEWAL_REQUIRED' },
  { from: 'RENEWAL_DUE', input: 'RENEWAL_PAID', to: 'CURRENT', output: 'RENEWAL_REQUIRED' },
  { from: 'RENEWAL_DUE', input: 'FINAL_PAYMENT_PAID', to: 'COMPLETE', output: 'FINAL_PAYMENT_REQUIRED' },
  { from: 'RENEWAL_DUE', input: 'FINAL_PAYMENT_DUE', to: 'FINAL_DUE', output: 'FINAL_PAYMENT_REQUIRED' },
  { from: 'FINAL_DUE', input: 'FINAL_PAYMENT_PAID', to: 'COMPLETE', output: 'SERVICE_COMPLETED' },
];

export function isPaymentCycleInput(v: string): v is PaymentCycleInput {
  return (PAYMENT_CYCLE_INPUTS as readonly string[]).includes(v);
}
export function isServiceCycleInput(v: string): v is ServiceCycleInput {
  return (SERVICE_CYCLE_INPUTS as readonly string[]).includes(v);
}
export function isPaymentCycleState(v: unknown): v is PaymentCycleState {
  return typeof v === 'string' && (PAYMENT_CYCLE_STATES as readonly string[]).includes(v);
}

/** The next state, or undefined when the input is not defined in this state (a Mealy FSM ignores it). */
export function applyPaymentInput(state: PaymentCycleState, input: PaymentCycleInput): { state: PaymentCycleState; output: string } | undefined {
  const edge = PAYMENT_EDGES.find((e) => e.from === state && e.input === input);
  return edge ? { state: edge.to, output: edge.output } : undefined;
}

/** What the hub knows of one plan's cycles: enough to decide swap access. */
export interface CycleMirror {
  paymentState: PaymentCycleState;
  depositConfirmed: boolean;
  quotaExhausted: boolean;
  serviceCancelled: boolean;
  batteryHeld: boolean;
  batteryLost: boolean;
}

export const INITIAL_MIRROR: CycleMirror = {
  paymentState: 'INITIAL', depositConfirmed: false, quotaExhausted: false, serviceCancelled: false, batteryHeld: false, batteryLost: false,
};

export interface FsmInput { cycle: 'payment_cycle' | 'service_cycle'; input: string }

/**
 * Applies reported inputs in order. Unknown or inapplicable inputs are returned in `ignored`
 * (the mirror never invents a transition ABS did not report).
 */
export function applyFsmInputs(mirror: CycleMirror, inputs: readonly FsmInput[]): { mirror: CycleMirror; applied: FsmInput[]; ignored: FsmInput[] } {
  let m = { ...mirror };
  const applied: FsmInput[] = [];
  const ignored: FsmInput[] = [];
  for (const i of inputs) {
    if (i.cycle === 'payment_cycle' && isPaymentCycleInput(i.input)) {
      const next = applyPaymentInput(m.paymentState, i.input);
      if (!next) { ignored.push(i); continue; }
      m = { ...m, paymentState: next.state };
      if (i.input === 'QUOTA_EXHAUSTED') m.quotaExhausted = true;
      if (i.input === 'RENEWAL_PAID') m.quotaExhausted = false;
      applied.push(i);
    } else if (i.cycle === 'service_cycle' && isServiceCycleInput(i.input)) {
      m = applyServiceInput(m, i.input);
      applied.push(i);
    } else {
      ignored.push(i);
    }
  }
  return { mirror: m, applied, ignored };
}

function applyServiceInput(m: CycleMirror, input: ServiceCycleInput): CycleMirror {
  switch (input) {
    case 'DEPOSIT_CONFIRMED': return { ...m, depositConfirmed: true };
    case 'BATTERY_ISSUED': return { ...m, batteryHeld: true, batteryLost: false };
    case 'BATTERY_RETURNED': return { ...m, batteryHeld: false };
    case 'BATTERY_LOST': return { ...m, batteryLost: true, batteryHeld: false };
    case 'BATTERY_FOUND': return { ...m, batteryLost: false };
    case 'SERVICE_CANCELLED': return { ...m, serviceCancelled: true };
    case 'CONTINUE_SERVICE_REQUESTED': return { ...m, serviceCancelled: false };
    case 'ASSET_SETTLEMENT_COMPLETE': return { ...m, batteryHeld: false, batteryLost: false };
  }
}

export type SwapAccess = 'granted' | 'suspended' | 'pending';
export type AccessReason =
  | 'payment_current' | 'awaiting_deposit' | 'subscription_expired' | 'quota_exhausted' | 'renewal_unpaid'
  | 'service_cancelled' | 'plan_complete';

/**
 * Swap access (reference §2.3, our reading): granted when the payment cycle is CURRENT and the
 * service cycle has received DEPOSIT_CONFIRMED; suspended on expiry, exhausted quota or unpaid
 * renewal (all RENEWAL_DUE in ABS; the reason comes from what caused it); restored on renewal.
 */
export function decideAccess(m: CycleMirror, cause?: 'expired' | 'unpaid'): { access: SwapAccess; reason: AccessReason } {
  if (m.serviceCancelled) return { access: 'suspended', reason: 'service_cancelled' };
  if (m.paymentState === 'COMPLETE') return { access: 'suspended', reason: 'plan_complete' };
  if (m.paymentState === 'CURRENT' && m.depositConfirmed && !m.quotaExhausted) return { access: 'granted', reason: 'payment_current' };
  if (m.paymentState === 'RENEWAL_DUE' || m.paymentState === 'FINAL_DUE' || m.quotaExhausted) {
    if (m.quotaExhausted) return { access: 'suspended', reason: 'quota_exhausted' };
    return { access: 'suspended', reason: cause === 'unpaid' ? 'renewal_unpaid' : 'subscription_expired' };
  }
  return { access: 'pending', reason: 'awaiting_deposit' };
}
