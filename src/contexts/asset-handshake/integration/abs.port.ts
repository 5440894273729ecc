import type { AllocationData, SubscriptionSyncData } from '../domain/order-decision';
import type { FsmInput } from '../domain/payment-cycle';

/** What ABS said, kept on the flow's timeline. */
export interface AbsReplyInfo {
  signals: string[];
  metadata: Record<string, unknown>;
  /** Which publish attempt was answered (MQTT) or how many HTTP tries it took. */
  attempt: number;
  durationMs: number;
  /** The correlation id as it came back (may carry an ABS suffix). */
  replyCorrelationId: string | null;
}

export interface CreatePlanCommand { correlationId: string; proposedPlanId: string; data: AllocationData }
export interface PlanCreated { planId: string; templateId: string | null; fsmInputs: FsmInput[]; reply: AbsReplyInfo }

export interface SyncCommand { correlationId: string; planId: string; data: SubscriptionSyncData }
export interface SyncResult { fsmInputs: FsmInput[]; paymentState: string | null; subscriptionState: string | null; lastSyncAt: string | null; reply: AbsReplyInfo }

export interface InitializeCommand { correlationId: string; planId: string }
export interface ServiceState { service_id: string; used: number; quota: number; current_asset: string | null }
export interface ServiceStatesResult { serviceStates: ServiceState[]; reply: AbsReplyInfo }

export interface CancelCommand { correlationId: string; planId: string; contractRef: string; reason: string }
export interface CancelResult { fsmInputs: FsmInput[]; alreadyAbsent: boolean; reply: AbsReplyInfo }

export interface AbsTransportStatus { transport: 'mqtt' | 'rest'; connected: boolean; pending: number; lastSuccessAt: string | null; lastError: string | null }

/**
 * The ABS back office, as AssetHandshake needs it. Two adapters: MQTT emit/echo (default) and the
 * commercial-doc REST webhooks, chosen by ABS_TRANSPORT. Failures are typed: AbsTimeout
 * (transient), AbsRejected (permanent unless ABS marked it retryable), UpstreamUnavailable.
 * Every call is idempotent on `correlationId`: a retry reuses it and ABS answers the same.
 */
export abstract class AbsPort {
  abstract readonly transport: 'mqtt' | 'rest';
  abstract createServicePlan(cmd: CreatePlanCommand): Promise<PlanCreated>;
  abstract syncSubscription(cmd: SyncCommand): Promise<SyncResult>;
  abstract initializeServiceStates(cmd: InitializeCommand): Promise<ServiceStatesResult>;
  abstract cancelServicePlan(cmd: CancelCommand): Promise<CancelResult>;
  abstract status(): AbsTransportStatus;
}

/** Reads ABS's `service_states` defensively (numbers may come as strings; infinite quota = 100000000). */
export function parseServiceStates(raw: unknown): ServiceState[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const o = s as Record<string, unknown>;
    if (typeof o.service_id !== 'string') return [];
    return [{
      service_id: o.service_id,
      used: Number(o.used ?? 0) || 0,
      quota: Number(o.quota ?? 0) || 0,
      current_asset: typeof o.current_asset === 'string' ? o.current_asset : null,
    }];
  });
}
