import type { AbsServiceEvent } from './abs-event';
import { fsmInputOf } from './abs-event';
import { applyFsmInputs, decideAccess, isPaymentCycleState, type AccessReason, type CycleMirror, type FsmInput, type PaymentCycleState, type SwapAccess } from './payment-cycle';

/** The part of the plan mirror events and replies change. */
export interface PlanMirrorState extends CycleMirror {
  access: SwapAccess;
  accessReason: AccessReason;
  currentAsset: string | null;
  currentAssetAt: Date | null;
  swapsTotal: number;
  energyKwhTotal: number;
  paidServicesTotal: number;
  lastEventAt: Date | null;
}

export interface MirrorChange {
  next: PlanMirrorState;
  accessChanged: boolean;
  /** The event is older than what the mirror already knows of the battery (applied to counters only). */
  staleForAsset: boolean;
  appliedInputs: FsmInput[];
}

/**
 * Applies reported FSM inputs (and, when ABS sent one, its explicit PlanState) to the mirror, then
 * re-decides access. `cause` tells a suspension from expiry apart from one for an unpaid renewal.
 */
export function applyReply(m: PlanMirrorState, inputs: FsmInput[], planState?: unknown, cause?: 'expired' | 'unpaid'): MirrorChange {
  const { mirror, applied } = applyFsmInputs(m, inputs);
  let cycle = mirror;
  const ps = planState && typeof planState === 'object' ? (planState as Record<string, unknown>).payment_state : undefined;
  // ABS's own PlanState wins over our replay of inputs (it cannot drift if a reply was lost).
  if (isPaymentCycleState(ps)) cycle = { ...cycle, paymentState: ps as PaymentCycleState };
  return withAccess(m, { ...m, ...cycle }, applied, false, cause);
}

function withAccess(before: PlanMirrorState, next: PlanMirrorState, applied: FsmInput[], staleForAsset: boolean, cause?: 'expired' | 'unpaid'): MirrorChange {
  const decided = decideAccess(next, cause);
  let reason = decided.reason;
  // Without a new cause, a continuing suspension keeps the reason it was given (unpaid stays unpaid).
  if (cause === undefined && decided.access === 'suspended' && before.access === 'suspended' && reason === 'subscription_expired') reason = before.accessReason;
  const out = { ...next, access: decided.access, accessReason: reason };
  return { next: out, accessChanged: out.access !== before.access || out.accessReason !== before.accessReason, staleForAsset, appliedInputs: applied };
}

/**
 * Applies one ABS service event. Events can arrive out of order (MQTT and the webhook race, ABS
 * retries): battery possession follows the event time, never the arrival order; counters count
 * each event once (the caller guarantees once per event id).
 */
export function applyEvent(m: PlanMirrorState, e: AbsServiceEvent): MirrorChange {
  const at = new Date(e.occurredAt);
  const stale = m.currentAssetAt !== null && at.getTime() < m.currentAssetAt.getTime();
  let next: PlanMirrorState = { ...m, lastEventAt: !m.lastEventAt || at > m.lastEventAt ? at : m.lastEventAt };
  const input = fsmInputOf(e.action);
  let applied: FsmInput[] = [];
  const batteryEvent = e.action.startsWith('BATTERY_');
  if (input && !(batteryEvent && stale)) {
    const r = applyFsmInputs(next, [input]);
    next = { ...next, ...r.mirror };
    applied = r.applied;
  }
  const asset = e.assetRef ?? (e.action === 'SWAP_COMPLETED' ? e.newAssetRef : null);
  if (!stale) {
    if ((e.action === 'BATTERY_ISSUED' || e.action === 'SWAP_COMPLETED' || e.action === 'BATTERY_FOUND') && asset) {
      next = { ...next, currentAsset: asset, currentAssetAt: at, batteryHeld: true, batteryLost: false };
    } else if (e.action === 'BATTERY_RETURNED' && asset && (asset === m.currentAsset || m.currentAsset === null)) {
      // Also when we never saw it issued: "not held since T" must beat an older issue arriving late.
      next = { ...next, currentAsset: null, currentAssetAt: at, batteryHeld: false };
    } else if (e.action === 'BATTERY_LOST') {
      next = { ...next, batteryLost: true, batteryHeld: false, currentAssetAt: at };
    } else if (e.action === 'SERVICE_CANCELLED' || e.action === 'ASSET_SETTLEMENT_COMPLETE') {
      next = { ...next, currentAsset: e.action === 'ASSET_SETTLEMENT_COMPLETE' ? null : next.currentAsset, currentAssetAt: at };
    }
  }
  if (e.action === 'SWAP_COMPLETED') {
    next = { ...next, swapsTotal: next.swapsTotal + 1, energyKwhTotal: round3(next.energyKwhTotal + Math.max(0, e.energyDeltaKwh ?? 0)) };
  }
  if (e.action === 'SERVICE_PAYMENT' && e.amount !== null) {
    next = { ...next, paidServicesTotal: Math.round((next.paidServicesTotal + e.amount) * 100) / 100 };
  }
  return withAccess(m, next, applied, stale);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
