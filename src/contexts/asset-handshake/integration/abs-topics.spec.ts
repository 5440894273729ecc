import { AbsTopics, buildServiceTopic, parseServiceTopic, proposePlanId, topicMatches } from './abs-topics';

describe('ABS topic builder', () => {
  const topics = new AbsTopics({ odooDomain: 'odo' });

  it('builds the verified Phase 0 topics of the reference', () => {
    expect(topics.emitTopic('sync_subscription', 'bss-plan-weekly-freedom-nairobi-v2-plan1')).toBe('emit/odo/subscription/plan/bss-plan-weekly-freedom-nairobi-v2-plan1/sync');
    expect(topics.replyFilter('sync_subscription')).toBe('echo/odo/subscription/plan/+/sync');
    expect(topics.emitTopic('initialize_states', 'P1')).toBe('emit/uxi/service/plan/P1/initialize_states');
    expect(topics.replyFilter('initialize_states')).toBe('echo/abs/service/plan/+/initialize_states_result');
  });

  it('switches the Odoo domain segment and applies per-operation overrides', () => {
    const t = new AbsTopics({ odooDomain: 'odoo', overrides: { create_plan: { emit: { event: 'create' }, action: 'CREATE_PLAN' } } });
    expect(t.emitTopic('create_plan', 'P')).toBe('emit/odoo/subscription/plan/P/create');
    expect(t.routes.create_plan.action).toBe('CREATE_PLAN');
    expect(t.replyFilter('sync_subscription')).toBe('echo/odoo/subscription/plan/+/sync');
  });

  it('refuses segments that would change the topic structure', () => {
    expect(() => topics.emitTopic('sync_subscription', 'a/b')).toThrow(/segment id/);
    expect(() => topics.emitTopic('sync_subscription', '+')).toThrow(/segment id/);
    expect(() => new AbsTopics({ odooDomain: 'odo', overrides: { sync_subscription: { echo: { event: '#' } } } })).toThrow(/segment event/);
    expect(() => buildServiceTopic({ kind: 'emit', domain: 'abs', service: 's', resource: 'r', id: '', event: 'e' })).toThrow();
  });

  it('parses service topics and matches MQTT filters', () => {
    expect(parseServiceTopic('emit/abs/service/plan/P9/battery_issued')).toEqual({ kind: 'emit', domain: 'abs', service: 'service', resource: 'plan', id: 'P9', event: 'battery_issued' });
    expect(parseServiceTopic('dt/arm/bms/ph-mnl1/F7/DEV42')).toBeUndefined();
    expect(topicMatches('echo/odo/subscription/plan/+/sync', 'echo/odo/subscription/plan/P1/sync')).toBe(true);
    expect(topicMatches('echo/odo/subscription/plan/+/sync', 'echo/odo/subscription/plan/P1/created')).toBe(false);
    expect(topicMatches('t/x/#', 't/x/echo/a')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
  });

  it('proposes a stable plan id from the order name', () => {
    expect(proposePlanId('bss-plan-', 'S00042')).toBe('bss-plan-s00042');
    expect(proposePlanId('bss-plan-', 'SO/2025/0042')).toBe('bss-plan-so-2025-0042');
  });
});
