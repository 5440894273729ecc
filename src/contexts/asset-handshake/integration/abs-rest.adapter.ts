import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../../infrastructure/config';
import { UpstreamUnavailable } from '../../../infrastructure/errors';
import { absRequestDuration } from '../application/asset-handshake.metrics';
import { AbsRejected, AbsTimeout } from '../domain/asset-handshake.errors';
import { classifyEcho, errorText, fsmInputsOf, type EchoPayload } from './abs-envelope';
import {
  AbsPort, parseServiceStates, type AbsReplyInfo, type AbsTransportStatus, type CancelCommand, type CancelResult, type CreatePlanCommand,
  type InitializeCommand, type PlanCreated, type ServiceStatesResult, type SyncCommand, type SyncResult,
} from './abs.port';

interface HttpAnswer { status: number; body: Record<string, unknown>; attempt: number; durationMs: number }

/**
 * The commercial-doc pattern (reference §2, CM-INT [D]): `POST /api/v1/entitlements/create` with
 * `customer_id, product_units, deposit_amount, outlet_id` → `entitlement_id, asset_pool_allocation`.
 * Only that route is documented; sync, initialise and cancel use sub-resources of the entitlement
 * (our choice, docs/asset-handshake.md). Every call carries `Idempotency-Key: <correlation id>`;
 * 5xx/429/network errors are retried with backoff, other 4xx are permanent.
 */
@Injectable()
export class AbsRestAdapter extends AbsPort {
  readonly transport = 'rest' as const;
  private readonly logger = new Logger(AbsRestAdapter.name);
  private inFlight = 0;
  private lastSuccessAt: Date | null = null;
  private lastError: string | null = null;

  constructor(private readonly config: AppConfig) {
    super();
  }

  private url(path: string): string {
    const base = this.config.abs.apiUrl;
    if (!base) throw new UpstreamUnavailable('abs', 'ABS_API_URL is not set (required when ABS_TRANSPORT=rest)', 3600, undefined, 'ABS.NOT_CONFIGURED');
    return `${base.replace(/\/+$/, '')}${path}`;
  }

  private async post(operation: string, path: string, correlationId: string, body: Record<string, unknown>): Promise<HttpAnswer> {
    const retries = this.config.abs.requestRetries;
    const started = Date.now();
    let lastErr: unknown;
    this.inFlight++;
    try {
      for (let attempt = 1; attempt <= retries + 1; attempt++) {
        try {
          const res = await fetch(this.url(path), {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              'idempotency-key': correlationId,
              'x-correlation-id': correlationId,
              ...(this.config.abs.apiToken ? { authorization: `Bearer ${this.config.abs.apiToken}` } : {}),
            },
            body: JSON.stringify({ ...body, correlation_id: correlationId }),
            signal: AbortSignal.timeout(this.config.abs.replyTimeoutMs),
          });
          const text = await res.text();
          let parsed: Record<string, unknown> = {};
          try { parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}; } catch { parsed = { error: text.slice(0, 200) }; }
          if (res.status >= 500 || res.status === 429) {
            lastErr = new UpstreamUnavailable('abs', `ABS answered ${res.status} to ${operation}`, 30);
          } else {
            const durationMs = Date.now() - started;
            absRequestDuration.observe({ operation, outcome: res.ok ? 'replied' : 'rejected' }, durationMs / 1000);
            if (res.ok) this.lastSuccessAt = new Date();
            return { status: res.status, body: parsed, attempt, durationMs };
          }
        } catch (err) {
          lastErr = err;
        }
        this.logger.warn({ operation, correlationId, attempt, err: String((lastErr as Error)?.message ?? lastErr) }, 'ABS REST call failed');
        if (attempt <= retries) await sleep(this.config.abs.retryBackoffMs * 2 ** (attempt - 1));
      }
    } finally {
      this.inFlight--;
    }
    const waited = Date.now() - started;
    absRequestDuration.observe({ operation, outcome: 'timeout' }, waited / 1000);
    this.lastError = `${operation}: ${String((lastErr as Error)?.message ?? lastErr)}`;
    if ((lastErr as Error)?.name === 'TimeoutError') throw new AbsTimeout(operation, correlationId, waited);
    if (lastErr instanceof UpstreamUnavailable) throw lastErr;
    throw new UpstreamUnavailable('abs', `ABS unreachable for ${operation}`, 30, lastErr);
  }

  /** REST answers may be plain resources or `{signals, metadata}` echoes; both are accepted. */
  private check(operation: string, a: HttpAnswer, successSignals: string[]): EchoPayload {
    const echo: EchoPayload = {
      signals: Array.isArray(a.body.signals) ? a.body.signals.filter((s): s is string => typeof s === 'string') : [],
      metadata: (a.body.metadata && typeof a.body.metadata === 'object' ? a.body.metadata : a.body) as Record<string, unknown>,
    };
    if (a.status >= 400) {
      const message = typeof a.body.message === 'string' ? a.body.message : typeof a.body.error === 'string' ? a.body.error : `HTTP ${a.status}`;
      const signals = echo.signals.length ? echo.signals : [a.status === 404 ? 'NOT_FOUND' : `HTTP_${a.status}`];
      throw new AbsRejected(operation, message, signals, false, { status: a.status });
    }
    if (echo.signals.length && classifyEcho(echo, successSignals) !== 'success') {
      throw new AbsRejected(operation, errorText(echo), echo.signals, classifyEcho(echo, successSignals) === 'retryable');
    }
    return echo;
  }

  private info(a: HttpAnswer, echo: EchoPayload): AbsReplyInfo {
    return { signals: echo.signals, metadata: echo.metadata, attempt: a.attempt, durationMs: a.durationMs, replyCorrelationId: null };
  }

  async createServicePlan(cmd: CreatePlanCommand): Promise<PlanCreated> {
    const d = cmd.data;
    const a = await this.post('create_plan', '/api/v1/entitlements/create', cmd.correlationId, {
      customer_id: d.customer_ref,
      product_units: d.service_lines.map((l) => ({ contract_line_ref: l.contract_line_ref, product_code: l.product_code, template_id: l.template_id, service_id: l.service_id, quantity: l.quantity })),
      deposit_amount: d.deposit_amount,
      outlet_id: null,
      plan_id: cmd.proposedPlanId, template_id: d.template_id, contract_ref: d.contract_ref, contract_line_ref: d.contract_line_ref,
      asset_ref: d.asset_ref, customer_ref: d.customer_ref, odoo_order_id: d.order_id, currency: d.currency,
      start_date: d.start_date, end_date: d.end_date, origin_contract_ref: d.origin_contract_ref,
    });
    const echo = this.check('create_plan', a, ['SERVICE_PLAN_CREATED', 'ENTITLEMENT_CREATED']);
    const m = echo.metadata;
    const planId = [m.entitlement_id, m.plan_id].find((v): v is string => typeof v === 'string' && v.length > 0);
    if (!planId) throw new AbsRejected('create_plan', 'answer lacks entitlement_id', echo.signals);
    return { planId, templateId: typeof m.template_id === 'string' ? m.template_id : null, fsmInputs: fsmInputsOf(echo), reply: this.info(a, echo) };
  }

  async syncSubscription(cmd: SyncCommand): Promise<SyncResult> {
    const d = cmd.data;
    const a = await this.post('sync_subscription', `/api/v1/entitlements/${encodeURIComponent(cmd.planId)}/sync`, cmd.correlationId, {
      odoo_subscription_id: d.odoo_subscription_id, odoo_payment_state: d.odoo_payment_state, odoo_subscription_state: d.odoo_subscription_state,
      odoo_currency_id: d.odoo_currency_id, odoo_amount_total: d.odoo_amount_total,
    });
    const echo = this.check('sync_subscription', a, ['ODOO_SYNC_SUCCESS']);
    const m = echo.metadata;
    return {
      fsmInputs: fsmInputsOf(echo),
      paymentState: typeof m.payment_state === 'string' ? m.payment_state : null,
      subscriptionState: typeof m.subscription_state === 'string' ? m.subscription_state : null,
      lastSyncAt: typeof m.odoo_last_sync_at === 'string' ? m.odoo_last_sync_at : null,
      reply: this.info(a, echo),
    };
  }

  async initializeServiceStates(cmd: InitializeCommand): Promise<ServiceStatesResult> {
    const a = await this.post('initialize_states', `/api/v1/entitlements/${encodeURIComponent(cmd.planId)}/initialize`, cmd.correlationId, {});
    const echo = this.check('initialize_states', a, ['SERVICE_STATES_INITIALIZED']);
    return { serviceStates: parseServiceStates(echo.metadata.service_states), reply: this.info(a, echo) };
  }

  async cancelServicePlan(cmd: CancelCommand): Promise<CancelResult> {
    try {
      const a = await this.post('cancel_plan', `/api/v1/entitlements/${encodeURIComponent(cmd.planId)}/cancel`, cmd.correlationId, {
        contract_ref: cmd.contractRef, reason: cmd.reason,
      });
      const echo = this.check('cancel_plan', a, ['SERVICE_PLAN_CANCELLED']);
      return { fsmInputs: fsmInputsOf(echo), alreadyAbsent: false, reply: this.info(a, echo) };
    } catch (err) {
      if (err instanceof AbsRejected && err.signals.some((s) => s.endsWith('NOT_FOUND'))) {
        return { fsmInputs: [], alreadyAbsent: true, reply: { signals: err.signals, metadata: {}, attempt: 1, durationMs: 0, replyCorrelationId: null } };
      }
      throw err;
    }
  }

  status(): AbsTransportStatus {
    return { transport: 'rest', connected: !!this.config.abs.apiUrl, pending: this.inFlight, lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null, lastError: this.lastError };
  }
}
