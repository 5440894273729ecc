import type { AbsServiceEvent } from './abs-event';
import { INITIAL_MIRROR } from './payment-cycle';
import { applyEvent, applyReply, type PlanMirrorState } from './plan-mirror';

const base: PlanMirrorState = {
  ...INITIAL_MIRROR, paymentState: 'CURRENT', depositConfirmed: true, access: 'granted', accessReason: 'payment_current',
  currentAsset: null, currentAssetAt: null, swapsTotal: 0, energyKwhTotal: 0, paidServicesTotal: 0, lastEventAt: null,
};
const ev = (e: Partial<AbsServiceEvent>): AbsServiceEvent => ({
  eventId: 'e', action: 'BATTERY_ISSUED', planId: 'p', occurredAt: '2025-01-15T10:00:00Z', correlationId: 'c', actor: { type: 'agent', id: 'a' }, source: 'mqtt',
  assetRef: null, oldAssetRef: null, newAssetRef: null, stationId: null, energyDeltaKwh: null, serviceId: null, amount: null, currency: null, receipt: null, quotaIncrement: null, ...e,
});

describe('plan mirror', () => {
  it('tracks the battery held by event time, whatever the arrival order', () => {
    const issued = ev({ action: 'BATTERY_ISSUED', assetRef: 'BAT-2', occurredAt: '2025-01-15T10:00:00Z' });
    const returned = ev({ action: 'BATTERY_RETURNED', assetRef: 'BAT-2', occurredAt: '2025-01-15T10:05:00Z' });
    const inOrder = applyEvent(applyEvent(base, issued).next, returned).next;
    expect(inOrder).toMatchObject({ currentAsset: null, batteryHeld: false });
    // The return overtook the issue: the late issue must not hand the battery back.
    const first = applyEvent({ ...base, currentAsset: 'BAT-2', currentAssetAt: new Date('2025-01-15T09:00:00Z'), batteryHeld: true }, returned);
    const late = applyEvent(first.next, issued);
    expect(late.staleForAsset).toBe(true);
    expect(late.next).toMatchObject({ currentAsset: null, batteryHeld: false });
    // Same when the plan never saw the battery before: the return still dates "not held".
    const fresh = applyEvent(applyEvent(base, returned).next, issued);
    expect(fresh.next.currentAsset).toBeNull();
  });

  it('counts swaps and energy once per event, and never negative energy', () => {
    let m = applyEvent(base, ev({ action: 'SWAP_COMPLETED', newAssetRef: 'BAT-3', oldAssetRef: 'BAT-2', energyDeltaKwh: 1.25 })).next;
    m = applyEvent(m, ev({ action: 'SWAP_COMPLETED', newAssetRef: 'BAT-4', oldAssetRef: 'BAT-3', energyDeltaKwh: -0.3, occurredAt: '2025-01-15T11:00:00Z' })).next;
    expect(m).toMatchObject({ swapsTotal: 2, energyKwhTotal: 1.25, currentAsset: 'BAT-4' });
  });

  it('suspends access on QUOTA_EXHAUSTED and reports the change', () => {
    const r = applyEvent(base, ev({ action: 'QUOTA_EXHAUSTED', serviceId: 'service-swap-count' }));
    expect(r.next).toMatchObject({ paymentState: 'RENEWAL_DUE', access: 'suspended', accessReason: 'quota_exhausted' });
    expect(r.accessChanged).toBe(true);
  });

  it('takes ABS PlanState over the replayed inputs when the echo carries it', () => {
    const r = applyReply({ ...base, paymentState: 'INITIAL', depositConfirmed: false, access: 'pending', accessReason: 'awaiting_deposit' },
      [{ cycle: 'service_cycle', input: 'DEPOSIT_CONFIRMED' }], { payment_state: 'CURRENT', service_state: 'WAIT_BATTERY_ISSUE' });
    expect(r.next).toMatchObject({ paymentState: 'CURRENT', access: 'granted' });
  });

  it('keeps "renewal unpaid" as the reason while the suspension continues', () => {
    const unpaid = applyReply(base, [{ cycle: 'payment_cycle', input: 'SUBSCRIPTION_EXPIRED' }], undefined, 'unpaid').next;
    expect(unpaid.accessReason).toBe('renewal_unpaid');
    expect(applyReply(unpaid, [], undefined).next.accessReason).toBe('renewal_unpaid');
  });
});
