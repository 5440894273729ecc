import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { FlowRepository } from '../persistence/flow.repository';
import { PlanRepository } from '../persistence/plan.repository';
import { stuckFlows } from './asset-handshake.metrics';
import { FlowScheduler } from './flow-scheduler';

export interface SweepResult { flagged: number; redriven: number; rechecked: number; expiryChecks: number; stuck: number }

/**
 * The safety net, run by the cron table: flags open flows untouched for ABS_STUCK_AFTER_SECONDS
 * (visible in the admin API and `hub_asset_stuck_flows`), re-drives flows that are due but whose
 * job was lost (Redis restart, crash before enqueue), re-checks waits whose wake-up may have
 * been missed, and re-reads orders whose plan passed its end date while access is still granted.
 */
@Injectable()
export class FlowSweeper {
  private readonly logger = new Logger(FlowSweeper.name);

  constructor(
    private readonly flows: FlowRepository,
    private readonly plans: PlanRepository,
    private readonly scheduler: FlowScheduler,
    private readonly config: AppConfig,
  ) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    const flagged = await this.flows.flagStuck(new Date(now.getTime() - this.config.abs.stuckAfterSeconds * 1000));
    for (const f of flagged) {
      await this.flows.addEvent(undefined, f, { event: 'flagged-stuck', detail: { state: f.state, step: f.step, waitingFor: f.waitingFor, lastError: f.lastError } });
      this.logger.warn({ flowId: f.id, kind: f.kind, state: f.state, correlationId: f.correlationId }, 'handshake flow is stuck');
    }
    const due = await this.flows.due(now, 500);
    for (const id of due) await this.scheduler.advance(id, { key: `${id}:sweep:${now.getTime()}` });
    const waiting = await this.flows.staleWaiting(new Date(now.getTime() - 60_000), 200);
    for (const id of waiting) await this.scheduler.advance(id, { key: `${id}:recheck:${now.getTime()}` });
    const expired = await this.plans.expiredButGranted(now.toISOString().slice(0, 10), 200);
    if (expired.length) await this.scheduler.reconcileOrders(expired.map((p) => p.orderId), { key: `expiry:${now.getTime()}` });
    const stuck = await this.flows.countStuck();
    stuckFlows.set(stuck);
    return { flagged: flagged.length, redriven: due.length, rechecked: waiting.length, expiryChecks: expired.length, stuck };
  }
}
