import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../../infrastructure/config';
import { ValidationFailed } from '../../../infrastructure/errors';
import { MqttClientFactory } from '../../../infrastructure/mqtt';
import { AbsEventsService } from '../application/abs-events.service';
import { absEvents } from '../application/asset-handshake.metrics';
import { isAbsEventAction } from '../domain/abs-event';
import { parseServiceTopic } from '../integration/abs-topics';

/**
 * ABS events over MQTT (worker processes only): a shared subscription so N workers split the
 * stream, a persistent session so the broker keeps QoS 1 events while the hub is down, and a
 * PUBACK only once the event is committed to the inbox. If the database is unavailable the
 * message stays unacknowledged and the consumer waits, so the broker keeps it.
 */
@Injectable()
export class AbsEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AbsEventsConsumer.name);
  private client?: MqttClient;
  private stopping = false;

  constructor(private readonly mqtt: MqttClientFactory, private readonly events: AbsEventsService, private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.abs.eventsOverMqtt) return;
    this.client = await this.mqtt.connect({
      purpose: `abs-events-${hostname()}`.replace(/[^A-Za-z0-9_-]/g, '-'),
      clean: false,
      extra: { customHandleAcks: (topic, message, _packet, done) => void this.onMessage(topic, message).then((code) => { if (code !== undefined) done(code); }) },
    });
    const filters = this.config.abs.eventFilters.map((f) => this.mqtt.sharedFilter(f));
    await this.client.subscribeAsync(filters, { qos: 1 });
    this.logger.log({ filters: this.config.abs.eventFilters }, 'listening for ABS events');
  }

  /** Resolves with the PUBACK reason code, or undefined to leave the message unacknowledged (shutdown). */
  private async onMessage(brokerTopic: string, payload: Buffer): Promise<number | undefined> {
    const topic = this.mqtt.stripPrefix(brokerTopic);
    if (!topic) return 0;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload.toString()) as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      absEvents.inc({ source: 'mqtt', outcome: 'malformed' });
      this.logger.warn({ topic }, 'ABS event is not JSON; dropped');
      return 0;
    }
    const action = (body.data as Record<string, unknown> | undefined)?.action;
    if (!isAbsEventAction(action)) {
      absEvents.inc({ source: 'mqtt', outcome: 'ignored' });
      return 0;
    }
    // ABS takes the plan from the envelope, else from the topic's id segment (ABS-MQINT).
    if (!body.plan_id) body.plan_id = parseServiceTopic(topic)?.id;
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.events.accept(body, 'mqtt');
        return 0;
      } catch (err) {
        if (err instanceof ValidationFailed) {
          absEvents.inc({ source: 'mqtt', outcome: 'invalid' });
          this.logger.warn({ topic, details: err.details }, 'invalid ABS event; dropped');
          return 0;
        }
        this.logger.warn({ topic, attempt, err: String((err as Error)?.message ?? err) }, 'could not store ABS event; retrying before acknowledging');
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    return undefined;
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }
}
