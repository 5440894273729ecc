import { Injectable } from '@nestjs/common';

export interface DependencyHealth {
  /** up = usable; degraded = usable with trouble (e.g. breaker half-open); down = not usable. */
  status: 'up' | 'degraded' | 'down';
  /** Short, secret-free facts for operators (latency, breaker state, last error). */
  details?: Record<string, unknown>;
}

export interface HealthCheck {
  /** e.g. `db`, `redis`, `odoo`, `mqtt`, `cartona`, `abs`. */
  name: string;
  /** Whether `/health/ready` fails when this dependency is down (optional peers only report). */
  critical: boolean;
  check: () => Promise<DependencyHealth>;
}

/**
 * Dependencies report their health here; `/health/ready` runs every check. A module registers
 * its check in `onModuleInit` (the Odoo provider registers `odoo`, the MQTT users `mqtt` …).
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(check: HealthCheck): void {
    this.checks.set(check.name, check);
  }

  list(): HealthCheck[] {
    return [...this.checks.values()];
  }
}
