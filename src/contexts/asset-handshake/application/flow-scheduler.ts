/**
 * How the application asks for work to happen later, without knowing about Bull (the jobs layer
 * implements it; specs use a recording fake). Enqueues are idempotent per key.
 */
export abstract class FlowScheduler {
  /** Runs the flow's next step now, or after `delayMs`. `key` makes a retry a distinct job. */
  abstract advance(flowId: string, opts?: { delayMs?: number; key?: string }): Promise<void>;
  /** Re-reads these Odoo orders and brings their flows up to date. */
  abstract reconcileOrders(orderIds: number[], opts?: { key?: string }): Promise<void>;
}
