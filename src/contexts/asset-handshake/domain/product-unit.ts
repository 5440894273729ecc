/**
 * Product-Unit types (reference §5.1, CM-INT) and which handshake a sale-order line of each type
 * triggers. Odoo cannot tell a deposit from a service (both are `service` products), so an
 * admin-editable rule table decides; without a matching rule we fall back on the Odoo product type.
 */
export const PRODUCT_UNIT_TYPES = ['physical', 'service', 'contract', 'digital', 'regulatory'] as const;
export type ProductUnitType = (typeof PRODUCT_UNIT_TYPES)[number];

export const RULE_MATCH_FIELDS = ['product_id', 'default_code', 'default_code_prefix', 'category'] as const;
export type RuleMatchField = (typeof RULE_MATCH_FIELDS)[number];

export interface UnitTypeRule {
  id: string;
  matchField: RuleMatchField;
  matchValue: string;
  unitType: ProductUnitType;
  /** The ABS ServicePlanTemplate a service line instantiates (default: the product's default_code). */
  absTemplateId: string | null;
  /** The ABS service (e.g. `service-swap-count`) a product pays for, for paid service events. */
  absServiceId: string | null;
  /** Lower wins when several rules match. */
  priority: number;
}

export interface ProductFacts {
  productId: number;
  defaultCode: string | null;
  categoryName: string | null;
  /** Odoo 17 `detailed_type` / 18+ `type`: consu, service, product, combo. */
  odooType: string;
  /** Tracked by serial number (stock.lot = asset identity). */
  serialTracked: boolean;
}

export type HandshakeRole = 'asset' | 'plan' | 'deposit' | 'none';

/** Which flow a line feeds: the physical asset, the plan, the deposit entitlement, or nothing. */
export const ROLE_BY_TYPE: Record<ProductUnitType, HandshakeRole> = {
  physical: 'asset',
  service: 'plan',
  contract: 'deposit',
  digital: 'none', // "operational state", event-based; reserved for future use in the reference
  regulatory: 'none', // documentary, Odoo only
};

export interface Classification {
  unitType: ProductUnitType;
  role: HandshakeRole;
  source: 'rule' | 'default';
  ruleId: string | null;
  absTemplateId: string | null;
  absServiceId: string | null;
}

const SPECIFICITY: Record<RuleMatchField, number> = { product_id: 0, default_code: 1, default_code_prefix: 2, category: 3 };

function matches(rule: UnitTypeRule, p: ProductFacts): boolean {
  switch (rule.matchField) {
    case 'product_id': return String(p.productId) === rule.matchValue;
    case 'default_code': return p.defaultCode === rule.matchValue;
    case 'default_code_prefix': return !!p.defaultCode && p.defaultCode.startsWith(rule.matchValue);
    case 'category': return !!p.categoryName && p.categoryName.toLowerCase() === rule.matchValue.toLowerCase();
  }
}

/** Rules ordered by priority, then by how specific their match is (a product id beats a category). */
export function classifyProduct(p: ProductFacts, rules: readonly UnitTypeRule[]): Classification {
  const hit = rules
    .filter((r) => matches(r, p))
    .sort((a, b) => a.priority - b.priority || SPECIFICITY[a.matchField] - SPECIFICITY[b.matchField])[0];
  if (hit) {
    return {
      unitType: hit.unitType, role: ROLE_BY_TYPE[hit.unitType], source: 'rule', ruleId: hit.id,
      absTemplateId: hit.absTemplateId ?? (hit.unitType === 'service' ? p.defaultCode : null),
      absServiceId: hit.absServiceId,
    };
  }
  const unitType: ProductUnitType = p.odooType === 'service' ? 'service' : 'physical';
  return {
    unitType, role: ROLE_BY_TYPE[unitType], source: 'default', ruleId: null,
    // ABS-BILL: template_id ↔ product.template.default_code
    absTemplateId: unitType === 'service' ? p.defaultCode : null,
    absServiceId: null,
  };
}
