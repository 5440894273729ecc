import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { AppConfig } from '../config';

export interface MqttConnectOptions {
  /** Stable part of the client id (`<prefix>-<purpose>`); a persistent session needs a stable id. */
  purpose: string;
  /** false = persistent session: the broker keeps QoS 1 messages for us while we are away. */
  clean?: boolean;
  /** Appends a random suffix so several processes may use the same purpose at once. */
  uniqueId?: boolean;
  /** Extra mqtt.js options (e.g. `customHandleAcks` to acknowledge only after a write). */
  extra?: Partial<IClientOptions>;
}

/**
 * The one place MQTT connections are made: MQTT 5 over `MQTT_URL`, bounded reconnect, every
 * client closed on shutdown. Contexts own their clients (IoT ingest wants a persistent session
 * with manual acks, the ABS emit/echo client a clean one), so this hands out clients rather
 * than sharing a single connection.
 */
@Injectable()
export class MqttClientFactory implements OnApplicationShutdown {
  private readonly logger = new Logger(MqttClientFactory.name);
  private readonly clients = new Set<MqttClient>();

  constructor(private readonly config: AppConfig) {}

  async connect(opts: MqttConnectOptions): Promise<MqttClient> {
    const { clientIdPrefix } = this.config.mqtt;
    const clientId = `${clientIdPrefix}-${opts.purpose}${opts.uniqueId ? `-${randomBytes(4).toString('hex')}` : ''}`.slice(0, 64);
    const client = await connectAsync(this.config.mqtt.url, {
      protocolVersion: 5,
      clientId,
      clean: opts.clean ?? true,
      keepalive: 30,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      ...(opts.clean === false ? { properties: { sessionExpiryInterval: 7 * 24 * 3600 } } : {}),
      ...opts.extra,
    });
    client.on('error', (err) => this.logger.warn({ clientId, err: err.message }, 'mqtt client error'));
    client.on('offline', () => this.logger.warn({ clientId }, 'mqtt client offline'));
    this.clients.add(client);
    client.on('end', () => this.clients.delete(client));
    return client;
  }

  /** Topic as published on the broker: `MQTT_TOPIC_PREFIX` + the protocol topic (tests isolate runs with it). */
  topic(protocolTopic: string): string {
    return `${this.config.mqtt.topicPrefix}${protocolTopic}`;
  }

  /** The protocol topic of a received message (prefix removed), or undefined if it is not ours. */
  stripPrefix(brokerTopic: string): string | undefined {
    const prefix = this.config.mqtt.topicPrefix;
    if (!prefix) return brokerTopic;
    return brokerTopic.startsWith(prefix) ? brokerTopic.slice(prefix.length) : undefined;
  }

  /** `$share/<group>/<prefixed filter>`, so several workers split one stream. */
  sharedFilter(protocolFilter: string): string {
    return `$share/${this.config.mqtt.shareGroup}/${this.topic(protocolFilter)}`;
  }

  /**
   * Opens and closes one short-lived clean connection: can the broker be reached right now?
   * Used by the health check when this process holds no client of its own.
   */
  async probe(timeoutMs = 2000): Promise<{ latencyMs: number }> {
    const started = Date.now();
    const client = await connectAsync(this.config.mqtt.url, {
      protocolVersion: 5,
      clientId: `${this.config.mqtt.clientIdPrefix}-probe-${randomBytes(4).toString('hex')}`.slice(0, 64),
      clean: true,
      connectTimeout: timeoutMs,
      reconnectPeriod: 0,
    }, false);
    const latencyMs = Date.now() - started;
    await client.endAsync(true).catch(() => undefined);
    return { latencyMs };
  }

  /** How many clients this process made, and how many are connected now. */
  status(): { clients: number; connected: number } {
    const all = [...this.clients];
    return { clients: all.length, connected: all.filter((c) => c.connected).length };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients].map((c) => c.endAsync().catch(() => undefined)));
    this.clients.clear();
  }
}
