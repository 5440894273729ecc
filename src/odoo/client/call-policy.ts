import { OdooCircuitOpen, OdooOverloaded, OdooUnavailable } from '../odoo.errors';

/** ORM methods that only read: always safe to repeat after a transient failure. */
const READ_METHODS = new Set([
  'search', 'search_read', 'read', 'search_count', 'fields_get', 'name_search', 'read_group',
  'formatted_read_group', 'web_search_read', 'web_read', 'web_read_group', 'default_get', 'context_get',
  'check_access_rights', 'has_access', 'has_group', 'name_get', 'exists', 'search_fetch', 'get_views',
]);

/**
 * Methods known to return None (Odoo commits, then XML-RPC faults with "cannot marshal None"):
 * `model.method` or bare `method`. Over XML-RPC that fault means success with no value for these.
 */
const NONE_RETURNING = new Set([
  'sale.order.action_lock', 'sale.order.action_unlock', 'sale.order.action_quotation_sent',
  'account.payment.action_post', 'account.payment.action_validate', 'account.payment.action_cancel',
  'account.payment.action_draft', 'account.payment.action_reject',
  'account.move.button_draft', 'account.move.button_cancel',
  'stock.quant.action_apply_inventory', 'stock.picking.action_assign',
  'loyalty.card.action_archive', 'message_subscribe', 'message_unsubscribe',
]);

export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method);
}

export function returnsNothing(model: string, method: string): boolean {
  return NONE_RETURNING.has(`${model}.${method}`) || NONE_RETURNING.has(method);
}

/** For gateways adding models: declare a method that returns None. */
export function registerNoneReturningMethod(modelDotMethod: string): void {
  NONE_RETURNING.add(modelDotMethod);
}

/**
 * Whether a failed attempt may be repeated: only transient failures, and for calls that are not
 * safe to repeat only when the request provably never reached Odoo.
 */
export function isRetryable(err: unknown, safeToRepeat: boolean): boolean {
  if (!(err instanceof OdooUnavailable)) return false;
  if (err instanceof OdooCircuitOpen || err instanceof OdooOverloaded) return false;
  return safeToRepeat || !err.maybeProcessed;
}

/** Exponential backoff with full jitter (AWS style): random in [0, min(cap, base·2^attempt)]. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
