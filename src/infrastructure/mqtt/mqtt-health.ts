import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry, type DependencyHealth } from '../health/health-registry';
import { MqttClientFactory } from './mqtt-client.factory';

const PROBE_CACHE_MS = 10_000;

/**
 * `mqtt` in /health/ready. A process with MQTT clients reports them (all connected = up, some =
 * degraded, none = down); one without (an `api` instance) probes the broker, at most every 10 s.
 * Not critical: clients reconnect on their own and persistent sessions keep QoS 1 messages at
 * the broker meanwhile, so the HTTP API stays useful while the broker is away.
 */
@Injectable()
export class MqttHealthCheck implements OnModuleInit {
  private cached?: { at: number; result: DependencyHealth };

  constructor(private readonly registry: HealthRegistry, private readonly factory: MqttClientFactory) {}

  onModuleInit(): void {
    this.registry.register({ name: 'mqtt', critical: false, check: () => this.check() });
  }

  async check(): Promise<DependencyHealth> {
    const { clients, connected } = this.factory.status();
    if (clients > 0) {
      const status = connected === clients ? 'up' : connected > 0 ? 'degraded' : 'down';
      return { status, details: { clients, connected } };
    }
    if (this.cached && Date.now() - this.cached.at < PROBE_CACHE_MS) return this.cached.result;
    let result: DependencyHealth;
    try {
      const { latencyMs } = await this.factory.probe();
      result = { status: 'up', details: { probe: true, latencyMs } };
    } catch (err) {
      result = { status: 'down', details: { probe: true, error: (err as Error)?.message ?? String(err) } };
    }
    this.cached = { at: Date.now(), result };
    return result;
  }
}
