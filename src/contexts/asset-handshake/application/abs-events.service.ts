import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AuditService } from '../../../infrastructure/audit';
import type { JsonObject } from '../../../infrastructure/database';
import { ValidationFailed } from '../../../infrastructure/errors';
import { flattenValidationErrors } from '../../../infrastructure/http';
import { InboxService, type InboxMessageView } from '../../../infrastructure/inbox';
import { AbsEventDataDto, AbsEventEnvelopeDto } from '../api/dto/abs-event.dto';
import type { AbsEventSource, AbsServiceEvent } from '../domain/abs-event';
import { FlowRepository } from '../persistence/flow.repository';
import { PlanRepository } from '../persistence/plan.repository';
import { absEvents } from './asset-handshake.metrics';
import { FlowScheduler } from './flow-scheduler';

export const ABS_INBOX_SOURCE = 'abs';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : null);

/**
 * ABS → hub events, whichever way they come (MQTT, signed webhook, IoTTelemetry): validated,
 * stored in the inbox under their event id (MQTT and the webhook may both deliver one event:
 * the second is a no-op), then turned into a service-record flow, one per event.
 */
@Injectable()
export class AbsEventsService implements OnModuleInit {
  private readonly logger = new Logger(AbsEventsService.name);

  constructor(
    private readonly inbox: InboxService,
    private readonly flows: FlowRepository,
    private readonly plans: PlanRepository,
    private readonly scheduler: FlowScheduler,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.inbox.registerHandler(ABS_INBOX_SOURCE, (m) => this.handle(m));
  }

  /** Validates an envelope; throws ValidationFailed with one entry per bad field. */
  async parse(raw: unknown, source: AbsEventSource): Promise<AbsServiceEvent> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationFailed('ABS event must be a JSON object');
    const env = plainToInstance(AbsEventEnvelopeDto, raw);
    const errors = await validate(env, { whitelist: true, forbidNonWhitelisted: false, validationError: { target: false, value: false } });
    const data = plainToInstance(AbsEventDataDto, (raw as Record<string, unknown>).data ?? {});
    const dataErrors = typeof (raw as Record<string, unknown>).data === 'object'
      ? await validate(data, { whitelist: true, forbidNonWhitelisted: false, validationError: { target: false, value: false } }) : [];
    if (errors.length || dataErrors.length) {
      throw new ValidationFailed('ABS event validation failed', { ...flattenValidationErrors(errors), ...flattenValidationErrors(dataErrors, 'data') });
    }
    const old = str(data.old_asset);
    const fresh = str(data.new_asset);
    const delta = num(data.energy_delta_kwh) ?? (num(data.new_battery_kwh) !== null && num(data.old_battery_kwh) !== null ? num(data.new_battery_kwh)! - num(data.old_battery_kwh)! : null);
    return {
      eventId: str(data.event_id) ?? env.correlation_id,
      action: data.action,
      planId: env.plan_id,
      occurredAt: new Date(env.timestamp).toISOString(),
      correlationId: env.correlation_id,
      actor: { type: env.actor.type, id: env.actor.id },
      source,
      assetRef: str(data.asset_ref) ?? str(data.current_asset) ?? (data.action === 'BATTERY_RETURNED' ? old : data.action === 'BATTERY_ISSUED' ? fresh : null),
      oldAssetRef: old,
      newAssetRef: fresh,
      stationId: str(data.station_id),
      energyDeltaKwh: delta === null ? null : Math.round(delta * 1000) / 1000,
      serviceId: str(data.service_id),
      amount: num(data.amount),
      currency: str(data.currency),
      receipt: str(data.receipt_code),
      quotaIncrement: num(data.quota_increment),
    };
  }

  /** Stores the event (commit before acknowledging the sender); processing follows from the inbox queue. */
  async accept(raw: unknown, source: AbsEventSource): Promise<{ eventId: string; duplicate: boolean }> {
    const event = await this.parse(raw, source);
    const r = await this.inbox.accept(ABS_INBOX_SOURCE, event.eventId, event as unknown as Record<string, unknown>);
    absEvents.inc({ source, outcome: r.duplicate ? 'duplicate' : 'accepted' });
    return { eventId: event.eventId, duplicate: r.duplicate };
  }

  /** Inbox handler: one service-record flow per event (idempotent: the flow is unique per event id). */
  async handle(message: InboxMessageView): Promise<void> {
    const event = message.payload as unknown as AbsServiceEvent;
    const plan = await this.plans.find(event.planId);
    const { flow, created } = await this.flows.ensure(
      { kind: 'service_record', model: 'abs.event', id: event.eventId, ref: `${event.action} ${event.planId}` },
      {
        data: event as unknown as JsonObject, planId: event.planId, contractRef: plan?.contractRef ?? null,
        assetRef: event.assetRef ?? event.newAssetRef, customerRef: plan?.customerRef ?? null, waitingFor: plan ? null : 'plan',
      },
    );
    this.audit.record({ system: 'abs', direction: 'inbound', operation: `event:${event.action}`, status: 'ok', correlationId: flow.correlationId, details: { eventId: event.eventId, planId: event.planId, source: event.source, known: !!plan } });
    if (!plan) this.logger.log({ eventId: event.eventId, planId: event.planId }, 'ABS event for a plan the hub does not know yet; it waits');
    if (created || flow.state === 'requested') await this.scheduler.advance(flow.id);
  }
}
