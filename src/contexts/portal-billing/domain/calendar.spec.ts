import { addDays, daysBetween, daysOverdue, isIsoDate, isValidTimeZone, localDate } from './calendar';

describe('calendar in the customer time zone', () => {
  it('takes today from the customer zone, not from UTC', () => {
    const lateUtc = new Date('2025-03-09T23:30:00Z');
    expect(localDate('UTC', lateUtc)).toBe('2025-03-09');
    expect(localDate('Africa/Nairobi', lateUtc)).toBe('2025-03-10');
    expect(localDate('America/Los_Angeles', lateUtc)).toBe('2025-03-09');
    expect(localDate('America/Los_Angeles', new Date('2025-03-10T06:59:00Z'))).toBe('2025-03-09');
  });

  it('counts days overdue against that local date', () => {
    const now = new Date('2025-03-09T23:30:00Z');
    expect(daysOverdue('2025-03-09', localDate('UTC', now))).toBe(0);
    expect(daysOverdue('2025-03-09', localDate('Africa/Nairobi', now))).toBe(1);
    expect(daysOverdue('2025-02-07', '2025-03-09')).toBe(30);
    expect(daysOverdue('2025-04-01', '2025-03-09')).toBe(0);
    expect(daysOverdue(null, '2025-03-09')).toBe(0);
  });

  it('handles DST and leap days as calendar days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('validates zones and dates', () => {
    expect(isValidTimeZone('Africa/Lagos')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone(null)).toBe(false);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2024-2-9')).toBe(false);
  });
});
