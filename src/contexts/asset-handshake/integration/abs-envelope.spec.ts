import { buildEnvelope, classifyEcho, envelopeProblems, fsmInputsOf, matchCorrelation, parseEcho } from './abs-envelope';

describe('ABS envelope and echo handling', () => {
  it('builds the envelope of the reference sample and validates it', () => {
    const e = buildEnvelope({ planId: 'bss-plan-1', correlationId: 'odoo-sync-001', actorId: 'odoo-erp', action: 'SYNC_ODOO_SUBSCRIPTION', data: { odoo_subscription_id: 12345 }, now: new Date('2025-01-15T08:00:00Z') });
    expect(e).toEqual({ timestamp: '2025-01-15T08:00:00.000Z', plan_id: 'bss-plan-1', correlation_id: 'odoo-sync-001', actor: { type: 'system', id: 'odoo-erp' }, data: { odoo_subscription_id: 12345, action: 'SYNC_ODOO_SUBSCRIPTION' } });
    expect(envelopeProblems(e)).toEqual([]);
    expect(envelopeProblems({ ...e, plan_id: '', data: { action: 'lower' } })).toEqual(['plan_id is required', 'data.action must be UPPER_SNAKE']);
  });

  it('reads the sample echo, its FSM inputs, and classifies it as a success', () => {
    const echo = parseEcho(JSON.stringify({
      signals: ['ODOO_SYNC_SUCCESS'],
      metadata: { fsm_inputs_generated: [{ cycle: 'payment_cycle', input: 'CONTRACT_SIGNED' }, { cycle: 'payment_cycle', input: 'DEPOSIT_PAID' }, { cycle: 'service_cycle', input: 'DEPOSIT_CONFIRMED' }, { cycle: 'x', input: 'Y' }] },
    }))!;
    expect(classifyEcho(echo, ['ODOO_SYNC_SUCCESS'])).toBe('success');
    expect(fsmInputsOf(echo).map((i) => i.input)).toEqual(['CONTRACT_SIGNED', 'DEPOSIT_PAID', 'DEPOSIT_CONFIRMED']);
  });

  it('classifies error signals as permanent, busy/unavailable ones as retryable, and unknown replies as rejected', () => {
    expect(classifyEcho({ signals: ['ODOO_SYNC_FAILED'], metadata: {} }, ['ODOO_SYNC_SUCCESS'])).toBe('rejected');
    expect(classifyEcho({ signals: ['AGENT_BUSY'], metadata: {} }, ['ODOO_SYNC_SUCCESS'])).toBe('retryable');
    expect(classifyEcho({ signals: ['ODOO_SYNC_SUCCESS'], metadata: { error: 'partial' } }, ['ODOO_SYNC_SUCCESS'])).toBe('rejected');
    expect(classifyEcho({ signals: ['SOMETHING_ELSE'], metadata: {} }, ['ODOO_SYNC_SUCCESS'])).toBe('rejected');
    expect(parseEcho('not json')).toBeUndefined();
    expect(parseEcho('[1]')).toBeUndefined();
  });

  it('matches replies by exact id first, then by the longest pending prefix (ABS suffixes)', () => {
    const pending = new Map([['att-customer-id-001', 1], ['ah-x-1-sync', 2], ['ah-x-1-sync-extra', 3]]);
    expect(matchCorrelation([undefined, 'att-customer-id-001re_abs_identify'], pending)).toBe('att-customer-id-001');
    expect(matchCorrelation(['ah-x-1-sync'], pending)).toBe('ah-x-1-sync');
    expect(matchCorrelation(['ah-x-1-sync-extra_re'], pending)).toBe('ah-x-1-sync-extra');
    expect(matchCorrelation(['unknown', 'nope'], pending)).toBeUndefined();
  });
});
