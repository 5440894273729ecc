import { allocateProportionally, minorToDecimalString, toMinor } from './money';

describe('money', () => {
  it('rounds decimals to minor units', () => {
    expect(toMinor(0.1 + 0.2)).toBe(30);
    expect(toMinor('19.99')).toBe(1999);
    expect(() => toMinor('abc')).toThrow(RangeError);
  });
  it('formats exact decimals for SQL', () => {
    expect(minorToDecimalString(5)).toBe('0.05');
    expect(minorToDecimalString(-12345)).toBe('-123.45');
  });
  it('allocates integers that sum exactly to the total', () => {
    const parts = allocateProportionally(100, [1, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(parts).toEqual([34, 33, 33]);
    expect(allocateProportionally(10, [0, 0])).toEqual([0, 0]);
  });
});
