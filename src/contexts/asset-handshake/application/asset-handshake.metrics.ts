import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Created once per process (module level); a second import finds them in the default registry. */
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}
function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
  return (register.getSingleMetric(name) as Histogram | undefined) ?? new Histogram({ name, help, labelNames, buckets });
}
function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames });
}

export const flowTransitions = counter('hub_asset_flow_transitions_total', 'Handshake flow transitions, by kind and target state', ['kind', 'to']);
export const flowFailures = counter('hub_asset_flow_failures_total', 'Handshake flows that failed, by kind and error code', ['kind', 'code']);
export const flowRetries = counter('hub_asset_flow_retries_total', 'Handshake step retries scheduled after a transient failure', ['kind', 'code']);
export const flowLatency = histogram(
  'hub_asset_flow_latency_seconds', 'From requested to confirmed (or compensated), by kind and outcome', ['kind', 'outcome'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200],
);
export const stuckFlows = gauge('hub_asset_stuck_flows', 'Open handshake flows flagged stuck by the sweep', []);
export const absRequestDuration = histogram(
  'hub_asset_abs_request_duration_seconds', 'ABS request round trips (emit → echo, or REST), by operation and outcome', ['operation', 'outcome'],
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
);
export const absReplies = counter('hub_asset_abs_replies_total', 'ABS echoes received: matched to a waiting request, unmatched (duplicate/late) or malformed', ['outcome']);
export const absEvents = counter('hub_asset_abs_events_total', 'ABS events taken in, by source and outcome', ['source', 'outcome']);
export const odooChanges = counter('hub_asset_odoo_changes_total', 'Odoo change hints handled, by source (webhook feed or poll)', ['source']);
