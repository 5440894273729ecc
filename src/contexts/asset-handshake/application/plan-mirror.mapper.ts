import type { PlanMirrorState } from '../domain/plan-mirror';
import type { HandshakePlan } from '../persistence/plan.entity';
import type { PlanPatch } from '../persistence/plan.repository';

export function toMirror(p: HandshakePlan): PlanMirrorState {
  return {
    paymentState: p.paymentCycleState, depositConfirmed: p.depositConfirmed, quotaExhausted: p.quotaExhausted,
    serviceCancelled: p.serviceCancelled, batteryHeld: p.batteryHeld, batteryLost: p.batteryLost,
    access: p.access, accessReason: p.accessReason, currentAsset: p.currentAsset, currentAssetAt: p.currentAssetAt,
    swapsTotal: p.swapsTotal, energyKwhTotal: Number(p.energyKwhTotal), paidServicesTotal: Number(p.paidServicesTotal), lastEventAt: p.lastEventAt,
  };
}

export function fromMirror(m: PlanMirrorState, accessChanged: boolean): PlanPatch {
  return {
    paymentCycleState: m.paymentState, depositConfirmed: m.depositConfirmed, quotaExhausted: m.quotaExhausted,
    serviceCancelled: m.serviceCancelled, batteryHeld: m.batteryHeld, batteryLost: m.batteryLost,
    access: m.access, accessReason: m.accessReason, currentAsset: m.currentAsset, currentAssetAt: m.currentAssetAt,
    swapsTotal: m.swapsTotal, energyKwhTotal: m.energyKwhTotal.toFixed(3), paidServicesTotal: m.paidServicesTotal.toFixed(2), lastEventAt: m.lastEventAt,
    ...(accessChanged ? { accessChangedAt: new Date() } : {}),
  };
}
