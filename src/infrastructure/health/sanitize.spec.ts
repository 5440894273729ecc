import { sanitizeHealthDetails } from './sanitize';

describe('health output sanitising', () => {
  it('masks credentials inside URLs and drops secret-looking keys, at any depth', () => {
    const out = sanitizeHealthDetails({
      error: 'connect ECONNREFUSED postgres://hub:pa55@db:5432/hub and redis://:r3dis@cache:6379',
      nested: { apiKey: 'k', token: 't', fine: 'mqtt://broker:1883', list: [{ password: 'p', latencyMs: 3 }] },
    });
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/pa55|r3dis|"k"|"t"|"p"/);
    expect(out).toEqual({
      error: 'connect ECONNREFUSED postgres://***@db:5432/hub and redis://***@cache:6379',
      nested: { apiKey: '***', token: '***', fine: 'mqtt://broker:1883', list: [{ password: '***', latencyMs: 3 }] },
    });
  });

  it('keeps numbers, booleans and dates, and bounds long strings', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(sanitizeHealthDetails({ n: 1, ok: true, at, long: 'x'.repeat(900) })).toEqual({ n: 1, ok: true, at: '2026-01-01T00:00:00.000Z', long: 'x'.repeat(500) });
  });
});
