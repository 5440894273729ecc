import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { AppConfig } from '../config';
import { HealthRegistry, type DependencyHealth, type HealthCheck } from './health-registry';
import { sanitizeHealthDetails } from './sanitize';

/** A dependency that does not answer within this long counts as down. */
export const CHECK_TIMEOUT_MS = 3000;

export interface HealthAnswer { httpStatus: 200 | 503; body: HealthCheckResult }

/**
 * Runs every check in the HealthRegistry through terminus. Each dependency reports its own
 * `state` (up, degraded, down) and whether it is `critical`; only a critical dependency that is
 * down fails readiness (503). A non-critical one that is down shows as `degraded`: the hub
 * still serves, without that peer. State changes are logged once, not on every probe.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Health');
  private readonly lastState = new Map<string, string>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Liveness: the process runs and its event loop answers; no dependency is consulted. */
  liveness(): Promise<HealthAnswer> {
    return this.run([
      () => this.indicators.check('process').up({ role: this.config.app.role, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) }),
    ]);
  }

  readiness(): Promise<HealthAnswer> {
    return this.run(this.registry.list().map((c) => () => this.runCheck(c)));
  }

  private async run(fns: Array<() => Promise<HealthIndicatorResult> | HealthIndicatorResult>): Promise<HealthAnswer> {
    try {
      return { httpStatus: 200, body: await this.health.check(fns) };
    } catch (err) {
      if (err instanceof ServiceUnavailableException) return { httpStatus: 503, body: err.getResponse() as HealthCheckResult };
      throw err;
    }
  }

  private async runCheck(c: HealthCheck): Promise<HealthIndicatorResult> {
    const started = Date.now();
    let result: DependencyHealth;
    try {
      result = await Promise.race([
        c.check(),
        new Promise<DependencyHealth>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
      ]);
    } catch (err) {
      result = { status: 'down', details: { error: (err as Error)?.message ?? String(err) } };
    }
    this.noteTransition(c.name, result);
    const data = sanitizeHealthDetails({
      state: result.status, critical: c.critical, checkMs: Date.now() - started, ...(result.details ?? {}),
    }) as Record<string, unknown>;
    const session = this.indicators.check(c.name);
    if (result.status === 'up') return session.up(data);
    if (result.status === 'down' && c.critical) return session.down(data);
    return session.degraded(data);
  }

  private noteTransition(name: string, r: DependencyHealth): void {
    const before = this.lastState.get(name);
    if (before === r.status) return;
    this.lastState.set(name, r.status);
    if (r.status === 'up') {
      if (before) this.logger.log({ dependency: name, from: before }, 'dependency recovered');
    } else {
      this.logger.warn({ dependency: name, state: r.status, details: sanitizeHealthDetails(r.details) }, 'dependency unhealthy');
    }
  }
}
