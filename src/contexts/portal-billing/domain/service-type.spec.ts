import { advertisedSpeed, detectServiceType } from './service-type';
import type { ProductFacts } from './portal.types';

const product = (over: Partial<ProductFacts>): ProductFacts => ({ id: 1, name: 'Plan', defaultCode: null, categoryName: null, description: null, ...over });

describe('detectServiceType', () => {
  it('detects Starlink from the product name, code or category, before any wireless word', () => {
    expect(detectServiceType([product({ name: 'Starlink Standard Kit' })])).toBe('starlink');
    expect(detectServiceType([product({ name: 'Satellite Internet', defaultCode: 'STARLINK-RES' })])).toBe('starlink');
    expect(detectServiceType([product({ name: 'Residential 50', categoryName: 'Internet / Starlink' })])).toBe('starlink');
    expect(detectServiceType([product({ name: 'Satellite wireless (Star Link)' })])).toBe('starlink');
  });

  it('detects fibre (both spellings, FTTH/GPON) and wireless (LTE, 5G, point-to-point)', () => {
    expect(detectServiceType([product({ name: 'Home Fiber 100 Mbps' })])).toBe('fibre');
    expect(detectServiceType([product({ name: 'Business 1G', categoryName: 'FTTH' })])).toBe('fibre');
    expect(detectServiceType([product({ name: 'Unlimited LTE' })])).toBe('wireless');
    expect(detectServiceType([product({ name: 'Biz link', description: 'Point-to-point radio link' })])).toBe('wireless');
    expect(detectServiceType([product({ name: 'Home 5G' })])).toBe('wireless');
  });

  it('falls back to other, and does not match words that merely contain a keyword', () => {
    expect(detectServiceType([product({ name: 'Router rental' })])).toBe('other');
    expect(detectServiceType([product({ name: 'Fiberglass mast' })])).toBe('other');
    expect(detectServiceType([], 'Fibre 20 Mbps')).toBe('fibre');
  });
});

describe('advertisedSpeed', () => {
  it('reads the plan speed from its name', () => {
    expect(advertisedSpeed('Fibre 100 Mbps Home')).toBe('100 Mbps');
    expect(advertisedSpeed('Business 1Gbps')).toBe('1 Gbps');
    expect(advertisedSpeed('Starlink Kit')).toBeNull();
  });
});
