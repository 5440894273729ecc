import { classifyProduct, type ProductFacts, type UnitTypeRule } from './product-unit';

const product = (p: Partial<ProductFacts>): ProductFacts => ({ productId: 1, defaultCode: null, categoryName: null, odooType: 'consu', serialTracked: false, ...p });
const rule = (r: Partial<UnitTypeRule>): UnitTypeRule => ({ id: 'r', matchField: 'default_code', matchValue: 'X', unitType: 'service', absTemplateId: null, absServiceId: null, priority: 100, ...r });

describe('product-unit classification', () => {
  it('falls back on the Odoo type: services feed the plan (template = product reference), goods are assets', () => {
    expect(classifyProduct(product({ odooType: 'service', defaultCode: 'plan-mobbat-30ah-swap-1day-v1' }), [])).toMatchObject({ unitType: 'service', role: 'plan', absTemplateId: 'plan-mobbat-30ah-swap-1day-v1', source: 'default' });
    expect(classifyProduct(product({ odooType: 'product', serialTracked: true }), [])).toMatchObject({ unitType: 'physical', role: 'asset' });
  });

  it('lets a rule turn a service product into a deposit (contract) or a regulatory line', () => {
    const rules = [rule({ id: 'dep', matchValue: 'DEP-30AH', unitType: 'contract' }), rule({ id: 'doc', matchField: 'category', matchValue: 'Documents', unitType: 'regulatory' })];
    expect(classifyProduct(product({ odooType: 'service', defaultCode: 'DEP-30AH' }), rules)).toMatchObject({ unitType: 'contract', role: 'deposit', ruleId: 'dep' });
    expect(classifyProduct(product({ odooType: 'service', categoryName: 'documents' }), rules)).toMatchObject({ unitType: 'regulatory', role: 'none' });
  });

  it('prefers the lower priority, then the more specific match', () => {
    const rules = [
      rule({ id: 'prefix', matchField: 'default_code_prefix', matchValue: 'plan-', unitType: 'digital' }),
      rule({ id: 'exact', matchField: 'default_code', matchValue: 'plan-a', unitType: 'service', absTemplateId: 'tpl-a' }),
      rule({ id: 'id', matchField: 'product_id', matchValue: '9', unitType: 'contract', priority: 50 }),
    ];
    expect(classifyProduct(product({ defaultCode: 'plan-a' }), rules)).toMatchObject({ ruleId: 'exact', absTemplateId: 'tpl-a' });
    expect(classifyProduct(product({ defaultCode: 'plan-b' }), rules)).toMatchObject({ ruleId: 'prefix', unitType: 'digital', role: 'none' });
    expect(classifyProduct(product({ productId: 9, defaultCode: 'plan-a' }), rules)).toMatchObject({ ruleId: 'id' });
  });
});
