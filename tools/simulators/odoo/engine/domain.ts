import { PyValueError } from './exceptions';
import type { ModelRuntime } from './model-runtime';
import type { Row } from './types';

/**
 * Domain evaluation as odoo/osv/expression.py defines it: prefix `&`, `|`, `!` (implicit AND
 * between consecutive terms), dotted paths through relations, and the term operators.
 */
type Node =
  | { op: '&' | '|'; a: Node; b: Node }
  | { op: '!'; a: Node }
  | { op: 'term'; path: string; operator: string; value: unknown }
  | { op: 'true' };

const OPERATORS = new Set([
  '=', '!=', '<>', '>', '>=', '<', '<=', '=?', '=like', '=ilike', 'like', 'not like', 'ilike', 'not ilike',
  'in', 'not in', 'child_of', 'parent_of', 'any', 'not any',
]);

export function parseDomain(domain: unknown): Node {
  if (!Array.isArray(domain)) throw new PyValueError(`Invalid domain: ${JSON.stringify(domain)}`);
  if (!domain.length) return { op: 'true' };
  let pos = 0;
  const parseOne = (): Node => {
    if (pos >= domain.length) throw new PyValueError(`Invalid domain ${JSON.stringify(domain)}: missing operand`);
    const item = domain[pos++];
    if (item === '&' || item === '|') return { op: item, a: parseOne(), b: parseOne() };
    if (item === '!') return { op: '!', a: parseOne() };
    if (item === true || (Array.isArray(item) && item.length === 3 && item[0] === 1 && item[2] === 1)) return { op: 'true' }; // TRUE_LEAF
    if (item === false || (Array.isArray(item) && item.length === 3 && item[0] === 0 && item[2] === 1)) return { op: '!', a: { op: 'true' } };
    if (!Array.isArray(item) || item.length !== 3 || typeof item[0] !== 'string' || typeof item[1] !== 'string') {
      throw new PyValueError(`Invalid leaf ${JSON.stringify(item)}`);
    }
    const operator = item[1].toLowerCase();
    if (!OPERATORS.has(operator)) throw new PyValueError(`Invalid leaf ${JSON.stringify(item)}: unknown operator ${item[1]}`);
    return { op: 'term', path: item[0], operator, value: item[2] };
  };
  // Consecutive top-level expressions are ANDed.
  const parts: Node[] = [];
  while (pos < domain.length) parts.push(parseOne());
  return parts.reduceRight((acc, n) => ({ op: '&', a: n, b: acc }));
}

/** Whether the domain mentions a field at top level (for active_test). */
export function mentionsField(domain: unknown, field: string): boolean {
  return Array.isArray(domain) && domain.some((t) => Array.isArray(t) && (t[0] === field || String(t[0]).startsWith(`${field}.`)));
}

const isEmpty = (v: unknown) => v === false || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || v === '';

function likeToRegExp(pattern: string, raw: boolean, ci: boolean): RegExp {
  const esc = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = raw ? esc.replace(/%/g, '.*').replace(/_/g, '.') : `.*${esc}.*`;
  return new RegExp(`^${body}$`, ci ? 'is' : 's');
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Scalar test of one stored value against an operator (no relations). */
function testScalar(v: unknown, operator: string, value: unknown): boolean {
  switch (operator) {
    case '=': case '=?':
      if (value === false || value === null) return isEmpty(v) || v === false;
      return v === value || (typeof v === 'number' && typeof value === 'string' && String(v) === value);
    case '!=': case '<>':
      if (value === false || value === null) return !isEmpty(v) || v === true;
      return v !== value;
    case '>': return !isEmpty(v) && compare(v, value) > 0;
    case '>=': return !isEmpty(v) && compare(v, value) >= 0;
    case '<': return !isEmpty(v) && compare(v, value) < 0;
    case '<=': return !isEmpty(v) && compare(v, value) <= 0;
    case 'like': case 'ilike': case '=like': case '=ilike': {
      if (value === false || value === null) return isEmpty(v);
      if (isEmpty(v)) return false;
      return likeToRegExp(String(value), operator.startsWith('='), operator.endsWith('ilike')).test(String(v));
    }
    case 'not like': case 'not ilike':
      if (isEmpty(v)) return true;
      return !likeToRegExp(String(value), false, operator === 'not ilike').test(String(v));
    case 'in': {
      const list = Array.isArray(value) ? value : [value];
      return list.some((x) => (x === false ? isEmpty(v) : x === v));
    }
    case 'not in': {
      const list = Array.isArray(value) ? value : [value];
      return !list.some((x) => (x === false ? isEmpty(v) : x === v));
    }
    default:
      throw new PyValueError(`Invalid operator ${operator}`);
  }
}

export class DomainEvaluator {
  constructor(private readonly model: ModelRuntime) {}

  filter(rows: Row[], domain: unknown): Row[] {
    const node = parseDomain(domain);
    if (node.op === 'true') return rows;
    return rows.filter((r) => this.eval(this.model, r, node));
  }

  matches(row: Row, domain: unknown): boolean {
    return this.eval(this.model, row, parseDomain(domain));
  }

  private eval(model: ModelRuntime, row: Row, node: Node): boolean {
    switch (node.op) {
      case 'true': return true;
      case '&': return this.eval(model, row, node.a) && this.eval(model, row, node.b);
      case '|': return this.eval(model, row, node.a) || this.eval(model, row, node.b);
      case '!': return !this.eval(model, row, node.a);
      case 'term': return this.term(model, row, node.path.split('.'), node.operator, node.value);
    }
  }

  private term(model: ModelRuntime, row: Row, path: string[], operator: string, value: unknown): boolean {
    const [name, ...rest] = path;
    const field = model.field(name);
    if (!field) throw new PyValueError(`Invalid field ${model.name}.${name} in leaf ${JSON.stringify([path.join('.'), operator, value])}`);
    if (name === 'id' && (operator === 'child_of' || operator === 'parent_of')) {
      // Hierarchy on the model itself (its _parent_name).
      const targets = new Set(Array.isArray(value) ? (value as number[]) : [value as number]);
      const related = operator === 'child_of' ? model.ancestorsOrSelf(row.id) : model.descendantsOrSelf(row.id);
      return related.some((x) => targets.has(x));
    }
    const raw = model.value(row, name);
    const relational = field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
    if (!relational) {
      if (rest.length) throw new PyValueError(`Invalid path ${path.join('.')}: ${name} is not relational`);
      if (operator === '=?' && (value === false || value === null)) return true;
      return testScalar(raw, operator, value);
    }
    const comodel = model.env.m(field.relation!);
    const ids: number[] = field.type === 'many2one' ? (typeof raw === 'number' ? [raw] : []) : ((raw as number[]) ?? []);
    if (operator === 'any' || operator === 'not any') {
      const sub = comodel.rows(ids.filter((i) => comodel.exists(i)));
      const hit = sub.some((r) => this.eval(comodel, r, parseDomain(value)));
      return operator === 'any' ? hit : !hit;
    }
    if (rest.length) {
      // Dotted path: any related record matching the rest (Odoo's "any" semantics).
      const sub = comodel.rows(ids.filter((i) => comodel.exists(i)));
      if (!sub.length) return operator.startsWith('not') || operator === '!=' ? true : value === false && operator === '=';
      return sub.some((r) => this.term(comodel, r, rest, operator, value));
    }
    if (operator === 'child_of' || operator === 'parent_of') {
      const targets = new Set(Array.isArray(value) ? (value as number[]) : [value as number]);
      const related = operator === 'child_of' ? comodel.ancestorsOrSelf.bind(comodel) : comodel.descendantsOrSelf.bind(comodel);
      return ids.some((id) => related(id).some((x) => targets.has(x)));
    }
    if (operator === '=?' && (value === false || value === null)) return true;
    // Strings against a relation compare with the related display names (Odoo name_search).
    const stringy = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.some((x) => typeof x === 'string'));
    if (stringy(value) && !['in', 'not in'].includes(operator) || (['in', 'not in'].includes(operator) && stringy(value))) {
      const names = ids.map((id) => (comodel.exists(id) ? comodel.displayName(comodel.browse(id)) : ''));
      const positive = !operator.startsWith('not') && operator !== '!=' && operator !== '<>';
      if (!names.length) return !positive;
      return positive ? names.some((n) => testScalar(n, operator, value)) : names.every((n) => testScalar(n, operator, value));
    }
    if (field.type === 'many2one') return testScalar(ids[0] ?? false, operator, value);
    // x2many: `=`/`in` → any id matches; `!=`/`not in` → none matches; False → empty set.
    if (value === false || value === null) return operator === '=' || operator === 'in' ? ids.length === 0 : ids.length > 0;
    const wanted = Array.isArray(value) ? (value as unknown[]) : [value];
    const any = ids.some((id) => wanted.includes(id));
    if (operator === '=' || operator === 'in') return any;
    if (operator === '!=' || operator === '<>' || operator === 'not in') return !any;
    return ids.some((id) => testScalar(id, operator, value));
  }
}
