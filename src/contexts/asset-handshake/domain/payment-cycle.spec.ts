import { applyFsmInputs, applyPaymentInput, decideAccess, INITIAL_MIRROR } from './payment-cycle';

describe('payment cycle mirror', () => {
  it('walks the bss-fsm table: contract, deposit, expiry, renewal', () => {
    expect(applyPaymentInput('INITIAL', 'CONTRACT_SIGNED')).toEqual({ state: 'DEPOSIT_DUE', output: 'DEPOSIT_REQUIRED' });
    expect(applyPaymentInput('DEPOSIT_DUE', 'DEPOSIT_PAID')).toEqual({ state: 'CURRENT', output: 'SERVICE_ACTIVATED' });
    expect(applyPaymentInput('CURRENT', 'QUOTA_EXHAUSTED')?.state).toBe('RENEWAL_DUE');
    expect(applyPaymentInput('RENEWAL_DUE', 'RENEWAL_PAID')?.state).toBe('CURRENT');
    expect(applyPaymentInput('RENEWAL_DUE', 'FINAL_PAYMENT_PAID')?.state).toBe('COMPLETE');
  });

  it('ignores inputs that are not defined in the current state', () => {
    expect(applyPaymentInput('INITIAL', 'DEPOSIT_PAID')).toBeUndefined();
    const r = applyFsmInputs(INITIAL_MIRROR, [{ cycle: 'payment_cycle', input: 'RENEWAL_PAID' }, { cycle: 'payment_cycle', input: 'NOT_AN_INPUT' }]);
    expect(r.mirror.paymentState).toBe('INITIAL');
    expect(r.ignored).toHaveLength(2);
  });

  it('applies the sample echo of the Phase 0 sync (reference sample) and grants access', () => {
    const r = applyFsmInputs(INITIAL_MIRROR, [
      { cycle: 'payment_cycle', input: 'CONTRACT_SIGNED' }, { cycle: 'payment_cycle', input: 'DEPOSIT_PAID' }, { cycle: 'service_cycle', input: 'DEPOSIT_CONFIRMED' },
    ]);
    expect(r.mirror).toMatchObject({ paymentState: 'CURRENT', depositConfirmed: true });
    expect(decideAccess(r.mirror)).toEqual({ access: 'granted', reason: 'payment_current' });
  });

  it('does not grant access on a current payment cycle without the deposit confirmation', () => {
    expect(decideAccess({ ...INITIAL_MIRROR, paymentState: 'CURRENT' }).access).toBe('pending');
  });

  it('suspends for exhausted quota, expiry or unpaid renewal, and restores on renewal', () => {
    const current = { ...INITIAL_MIRROR, paymentState: 'CURRENT' as const, depositConfirmed: true };
    const exhausted = applyFsmInputs(current, [{ cycle: 'payment_cycle', input: 'QUOTA_EXHAUSTED' }]).mirror;
    expect(decideAccess(exhausted)).toEqual({ access: 'suspended', reason: 'quota_exhausted' });
    const expired = applyFsmInputs(current, [{ cycle: 'payment_cycle', input: 'SUBSCRIPTION_EXPIRED' }]).mirror;
    expect(decideAccess(expired)).toEqual({ access: 'suspended', reason: 'subscription_expired' });
    expect(decideAccess(expired, 'unpaid')).toEqual({ access: 'suspended', reason: 'renewal_unpaid' });
    const renewed = applyFsmInputs(exhausted, [{ cycle: 'payment_cycle', input: 'RENEWAL_PAID' }]).mirror;
    expect(renewed.quotaExhausted).toBe(false);
    expect(decideAccess(renewed).access).toBe('granted');
  });

  it('a cancelled service has no access whatever the payment state', () => {
    const m = applyFsmInputs({ ...INITIAL_MIRROR, paymentState: 'CURRENT', depositConfirmed: true }, [{ cycle: 'service_cycle', input: 'SERVICE_CANCELLED' }]).mirror;
    expect(decideAccess(m)).toEqual({ access: 'suspended', reason: 'service_cancelled' });
  });
});
