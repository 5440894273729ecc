/**
 * ABS service and payment events that become Odoo service records (reference §2.4). The real
 * topic/payload of OvApp's swap events was not retrievable, so this canonical shape is our choice
 * (docs/asset-handshake.md): the ABS envelope with `data.action` naming the event.
 */
export const ABS_EVENT_ACTIONS = [
  'BATTERY_ISSUED', 'BATTERY_RETURNED', 'BATTERY_LOST', 'BATTERY_FOUND', 'SWAP_COMPLETED',
  'SERVICE_PAYMENT', 'QUOTA_EXHAUSTED', 'SERVICE_CANCELLED', 'ASSET_SETTLEMENT_COMPLETE',
] as const;
export type AbsEventAction = (typeof ABS_EVENT_ACTIONS)[number];

export function isAbsEventAction(v: unknown): v is AbsEventAction {
  return typeof v === 'string' && (ABS_EVENT_ACTIONS as readonly string[]).includes(v);
}

export type AbsEventSource = 'mqtt' | 'webhook' | 'iot';

export interface AbsServiceEvent {
  eventId: string;
  action: AbsEventAction;
  planId: string;
  occurredAt: string;
  correlationId: string;
  actor: { type: string; id: string };
  source: AbsEventSource;
  assetRef: string | null;
  oldAssetRef: string | null;
  newAssetRef: string | null;
  stationId: string | null;
  energyDeltaKwh: number | null;
  serviceId: string | null;
  amount: number | null;
  currency: string | null;
  receipt: string | null;
  quotaIncrement: number | null;
}

/** The service-cycle / payment-cycle input an event stands for, if any. */
export function fsmInputOf(action: AbsEventAction): { cycle: 'payment_cycle' | 'service_cycle'; input: string } | null {
  switch (action) {
    case 'BATTERY_ISSUED': case 'BATTERY_RETURNED': case 'BATTERY_LOST': case 'BATTERY_FOUND':
    case 'SERVICE_CANCELLED': case 'ASSET_SETTLEMENT_COMPLETE':
      return { cycle: 'service_cycle', input: action };
    case 'QUOTA_EXHAUSTED':
      return { cycle: 'payment_cycle', input: 'QUOTA_EXHAUSTED' };
    default:
      return null;
  }
}

/** One line for the Odoo chatter: what happened, in words a sales/ops user reads. */
export function describeEvent(e: AbsServiceEvent): string {
  const at = e.stationId ? ` at ${e.stationId}` : '';
  switch (e.action) {
    case 'BATTERY_ISSUED': return `Battery ${e.assetRef ?? e.newAssetRef ?? '?'} issued${at}.`;
    case 'BATTERY_RETURNED': return `Battery ${e.assetRef ?? e.oldAssetRef ?? '?'} returned${at}.`;
    case 'BATTERY_LOST': return `Battery ${e.assetRef ?? '?'} reported lost.`;
    case 'BATTERY_FOUND': return `Battery ${e.assetRef ?? '?'} found again.`;
    case 'SWAP_COMPLETED': {
      const kwh = e.energyDeltaKwh === null ? '' : `, energy difference ${e.energyDeltaKwh.toFixed(3)} kWh`;
      return `Battery swap completed${at}: returned ${e.oldAssetRef ?? '?'}, issued ${e.newAssetRef ?? '?'}${kwh}.`;
    }
    case 'SERVICE_PAYMENT': return `Service payment of ${e.amount ?? '?'} ${e.currency ?? ''} for ${e.serviceId ?? 'a service'}${e.receipt ? ` (receipt ${e.receipt})` : ''}.`.replace(/\s+\./, '.');
    case 'QUOTA_EXHAUSTED': return `Quota exhausted${e.serviceId ? ` for ${e.serviceId}` : ''}: renewal required before the next swap.`;
    case 'SERVICE_CANCELLED': return 'Service cancelled in ABS.';
    case 'ASSET_SETTLEMENT_COMPLETE': return 'Asset settlement completed in ABS.';
  }
}
