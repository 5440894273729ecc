import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../../infrastructure/config';
import { UpstreamUnavailable } from '../../../infrastructure/errors';
import { MqttClientFactory } from '../../../infrastructure/mqtt';
import { AbsTimeout } from '../domain/asset-handshake.errors';
import { absReplies, absRequestDuration } from '../application/asset-handshake.metrics';
import { envelopeProblems, matchCorrelation, parseEcho, type AbsEnvelope, type EchoPayload } from './abs-envelope';
import { topicMatches } from './abs-topics';

export interface EmitRequest {
  operation: string;
  /** Protocol topics (no broker prefix). */
  topic: string;
  replyFilter: string;
  envelope: AbsEnvelope;
  timeoutMs?: number;
  retries?: number;
}

export interface EchoReply {
  topic: string;
  echo: EchoPayload;
  replyCorrelationId: string | null;
  userProperties: Record<string, unknown>;
  attempt: number;
  durationMs: number;
}

interface Pending {
  filter: string;
  resolve: (r: Omit<EchoReply, 'attempt' | 'durationMs'>) => void;
}

/**
 * The emit/echo exchange (reference §3, §6): subscribe to the reply filter before publishing,
 * publish QoS 1 with MQTT 5 correlation data and message expiry, match the reply by correlation
 * data or by the envelope's `correlation_id` (exact, or as a prefix: ABS may append a suffix),
 * re-publish the same message after a timeout with backoff, then give up with AbsTimeout.
 * One clean-session connection per process, opened on first use (an api-only process never
 * connects). Reply subscriptions are reference-counted per filter and non-shared: every
 * requester must see its own replies; replies nobody waits for (duplicates, late) are counted.
 */
@Injectable()
export class AbsEmitEchoClient implements OnApplicationShutdown {
  private readonly logger = new Logger(AbsEmitEchoClient.name);
  private client?: MqttClient;
  private connecting?: Promise<MqttClient>;
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions = new Map<string, { count: number; ready: Promise<void> }>();
  private lastSuccessAt: Date | null = null;
  private lastError: string | null = null;
  private closed = false;

  constructor(private readonly mqtt: MqttClientFactory, private readonly config: AppConfig) {}

  async request(req: EmitRequest): Promise<EchoReply> {
    const problems = envelopeProblems(req.envelope);
    if (problems.length) throw new Error(`refusing to publish an invalid ABS envelope: ${problems.join('; ')}`);
    const id = req.envelope.correlation_id;
    if (this.pending.has(id)) throw new UpstreamUnavailable('abs', `a request ${id} is already waiting for its reply`, 5, undefined, 'ABS.REQUEST_IN_FLIGHT');
    const client = await this.connection();
    const filter = this.mqtt.topic(req.replyFilter);
    const retries = req.retries ?? this.config.abs.requestRetries;
    const timeoutMs = req.timeoutMs ?? this.config.abs.replyTimeoutMs;
    const started = Date.now();

    let resolveReply!: Pending['resolve'];
    const replied = new Promise<Omit<EchoReply, 'attempt' | 'durationMs'>>((resolve) => { resolveReply = resolve; });
    this.pending.set(id, { filter, resolve: resolveReply });
    try {
      await this.retain(client, filter);
      const body = JSON.stringify(req.envelope);
      for (let attempt = 1; attempt <= retries + 1; attempt++) {
        const publish = client.publishAsync(this.mqtt.topic(req.topic), body, {
          qos: 1,
          properties: {
            correlationData: Buffer.from(id),
            messageExpiryInterval: this.config.abs.messageExpirySeconds,
            contentType: 'application/json',
            userProperties: { trace_id: id, attempt: String(attempt), application: 'odoo-hub' },
          },
        });
        publish.catch(() => undefined); // an offline client keeps the message queued; the timeout below decides
        const timer = new AbortController();
        const outcome = await Promise.race([replied, sleep(timeoutMs, 'timeout' as const, { signal: timer.signal }).catch(() => 'timeout' as const)]);
        timer.abort();
        if (outcome !== 'timeout') {
          const durationMs = Date.now() - started;
          this.lastSuccessAt = new Date();
          absRequestDuration.observe({ operation: req.operation, outcome: 'replied' }, durationMs / 1000);
          return { ...outcome, attempt, durationMs };
        }
        this.logger.warn({ operation: req.operation, correlationId: id, attempt }, 'no ABS reply in time');
        if (attempt <= retries) {
          const backoff = this.config.abs.retryBackoffMs * 2 ** (attempt - 1);
          const late = await Promise.race([replied, sleep(backoff + Math.random() * backoff * 0.2, 'wait' as const)]);
          if (late !== 'wait') {
            this.lastSuccessAt = new Date();
            return { ...late, attempt, durationMs: Date.now() - started };
          }
        }
      }
      const waited = Date.now() - started;
      absRequestDuration.observe({ operation: req.operation, outcome: 'timeout' }, waited / 1000);
      this.lastError = `timeout on ${req.operation}`;
      throw new AbsTimeout(req.operation, id, waited);
    } finally {
      if (this.pending.get(id)?.resolve === resolveReply) this.pending.delete(id);
      this.releaseSubscription(client, filter);
    }
  }

  status(): { connected: boolean; pending: number; lastSuccessAt: string | null; lastError: string | null } {
    return {
      connected: !!this.client?.connected, pending: this.pending.size,
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null, lastError: this.lastError,
    };
  }

  private async connection(): Promise<MqttClient> {
    if (this.closed) throw new UpstreamUnavailable('abs', 'the ABS client is shut down', 5);
    if (this.client) return this.client;
    this.connecting ??= this.mqtt.connect({ purpose: 'abs-rpc', uniqueId: true, clean: true }).then((c) => {
      c.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet));
      this.client = c;
      return c;
    }).catch((err: unknown) => {
      this.connecting = undefined;
      this.lastError = `broker: ${String((err as Error)?.message ?? err)}`;
      throw new UpstreamUnavailable('abs', 'MQTT broker unreachable for ABS requests', 10, err, 'ABS.BROKER_UNAVAILABLE');
    });
    return this.connecting;
  }

  private retain(client: MqttClient, filter: string): Promise<void> {
    const existing = this.subscriptions.get(filter);
    if (existing) {
      existing.count++;
      return existing.ready;
    }
    const ready = client.subscribeAsync(filter, { qos: 1 }).then((grants) => {
      if (grants.some((g) => g.qos === 128)) throw new Error(`broker refused subscription ${filter}`);
    });
    const entry = { count: 1, ready };
    this.subscriptions.set(filter, entry);
    ready.catch(() => { if (this.subscriptions.get(filter) === entry) this.subscriptions.delete(filter); });
    return ready;
  }

  private releaseSubscription(client: MqttClient, filter: string): void {
    const entry = this.subscriptions.get(filter);
    if (!entry) return;
    if (--entry.count > 0) return;
    this.subscriptions.delete(filter);
    if (client.connected) client.unsubscribeAsync(filter).catch(() => undefined);
  }

  private onMessage(brokerTopic: string, payload: Buffer, packet: IPublishPacket): void {
    const echo = parseEcho(payload);
    if (!echo) {
      absReplies.inc({ outcome: 'malformed' });
      return;
    }
    const fromProps = packet.properties?.correlationData?.toString();
    const id = matchCorrelation([fromProps, echo.correlation_id], this.pending);
    const pending = id ? this.pending.get(id) : undefined;
    if (!id || !pending || !topicMatches(pending.filter, brokerTopic)) {
      absReplies.inc({ outcome: 'unmatched' });
      return;
    }
    absReplies.inc({ outcome: 'matched' });
    // The first reply wins; copies arriving later (ABS duplicates) find nothing and are counted as unmatched.
    this.pending.delete(id);
    pending.resolve({
      topic: this.mqtt.stripPrefix(brokerTopic) ?? brokerTopic,
      echo,
      replyCorrelationId: echo.correlation_id ?? fromProps ?? null,
      userProperties: (packet.properties?.userProperties ?? {}) as Record<string, unknown>,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    // The factory closes the connection; waiting requests end with their timeout.
  }
}
