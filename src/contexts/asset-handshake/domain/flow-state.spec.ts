import { assertTransition, canTransition, isOpen } from './flow-state';

describe('flow state machine', () => {
  it('follows requested → sent → confirmed | failed → compensated', () => {
    expect(canTransition('requested', 'sent')).toBe(true);
    expect(canTransition('sent', 'confirmed')).toBe(true);
    expect(canTransition('sent', 'failed')).toBe(true);
    expect(canTransition('confirmed', 'compensated')).toBe(true);
    expect(canTransition('failed', 'compensated')).toBe(true);
  });

  it('refuses to skip sending or to leave a terminal state sideways', () => {
    expect(canTransition('requested', 'confirmed')).toBe(false);
    expect(canTransition('compensated', 'confirmed')).toBe(false);
    expect(canTransition('failed', 'confirmed')).toBe(false);
    expect(() => assertTransition('confirmed', 'failed')).toThrow(/cannot go from confirmed to failed/);
  });

  it('reopens a new generation only from settled states', () => {
    expect(canTransition('failed', 'requested')).toBe(true);
    expect(canTransition('compensated', 'requested')).toBe(true);
    expect(canTransition('sent', 'requested')).toBe(false);
  });

  it('counts only requested and sent as open', () => {
    expect(['requested', 'sent', 'confirmed', 'failed', 'compensated'].filter((s) => isOpen(s as never))).toEqual(['requested', 'sent']);
  });
});
