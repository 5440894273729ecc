import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Created once per process on the default registry (served by /metrics). */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const odooCallDuration = once('hub_odoo_call_duration_seconds', () => new Histogram({
  name: 'hub_odoo_call_duration_seconds',
  help: 'Duration of Odoo calls through the provider, retries included, by model, method and outcome',
  labelNames: ['model', 'method', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
}));

export const odooRetries = once('hub_odoo_call_retries_total', () => new Counter({
  name: 'hub_odoo_call_retries_total',
  help: 'Odoo calls repeated after a transient failure (only calls safe to repeat)',
  labelNames: ['model', 'method'] as const,
}));

export const odooInFlight = once('hub_odoo_calls_in_flight', () => new Gauge({
  name: 'hub_odoo_calls_in_flight',
  help: 'Odoo calls currently in flight (bounded by ODOO_MAX_CONCURRENCY)',
}));

export const odooQueued = once('hub_odoo_calls_waiting', () => new Gauge({
  name: 'hub_odoo_calls_waiting',
  help: 'Odoo calls waiting for a free slot',
}));

export const odooBreakerState = once('hub_odoo_breaker_state', () => new Gauge({
  name: 'hub_odoo_breaker_state',
  help: 'Odoo circuit breaker: 0 closed, 1 half-open, 2 open',
}));
