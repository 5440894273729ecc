/**
 * The simulator's own copy of ABS's FSMs (it must not share code with the hub it tests).
 * Payment cycle from `bss-fsm.json` as SAH-FLOW prints it; service-cycle state names are not
 * public, so the simulator's are guesses named after the inputs.
 */
export type PaymentState = 'INITIAL' | 'DEPOSIT_DUE' | 'CURRENT' | 'RENEWAL_DUE' | 'FINAL_DUE' | 'COMPLETE';
export type ServiceState = 'INITIAL' | 'WAIT_BATTERY_ISSUE' | 'BATTERY_ISSUED' | 'BATTERY_LOST' | 'CANCELLED' | 'SETTLED';

const PAYMENT: Array<[PaymentState, string, PaymentState]> = [
  ['INITIAL', 'CONTRACT_SIGNED', 'DEPOSIT_DUE'],
  ['DEPOSIT_DUE', 'DEPOSIT_PAID', 'CURRENT'],
  ['CURRENT', 'SUBSCRIPTION_EXPIRED', 'RENEWAL_DUE'],
  ['CURRENT', 'QUOTA_EXHAUSTED', 'RENEWAL_DUE'],
  ['RENEWAL_DUE', 'RENEWAL_PAID', 'CURRENT'],
  ['RENEWAL_DUE', 'FINAL_PAYMENT_DUE', 'FINAL_DUE'],
  ['RENEWAL_DUE', 'FINAL_PAYMENT_PAID', 'COMPLETE'],
  ['FINAL_DUE', 'FINAL_PAYMENT_PAID', 'COMPLETE'],
];

const SERVICE: Array<[ServiceState | '*', string, ServiceState]> = [
  ['INITIAL', 'DEPOSIT_CONFIRMED', 'WAIT_BATTERY_ISSUE'],
  ['WAIT_BATTERY_ISSUE', 'BATTERY_ISSUED', 'BATTERY_ISSUED'],
  ['BATTERY_ISSUED', 'BATTERY_RETURNED', 'WAIT_BATTERY_ISSUE'],
  ['BATTERY_ISSUED', 'BATTERY_ISSUED', 'BATTERY_ISSUED'],
  ['BATTERY_ISSUED', 'BATTERY_LOST', 'BATTERY_LOST'],
  ['BATTERY_LOST', 'BATTERY_FOUND', 'BATTERY_ISSUED'],
  ['*', 'SERVICE_CANCELLED', 'CANCELLED'],
  ['CANCELLED', 'ASSET_SETTLEMENT_COMPLETE', 'SETTLED'],
  ['CANCELLED', 'CONTINUE_SERVICE_REQUESTED', 'WAIT_BATTERY_ISSUE'],
];

export function nextPayment(state: PaymentState, input: string): PaymentState | undefined {
  return PAYMENT.find(([f, i]) => f === state && i === input)?.[2];
}

export function nextService(state: ServiceState, input: string): ServiceState | undefined {
  return SERVICE.find(([f, i]) => (f === state || f === '*') && i === input)?.[2];
}
