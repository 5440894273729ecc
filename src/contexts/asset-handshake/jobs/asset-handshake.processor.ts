import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../../../infrastructure/queues';
import { FlowEngine, type AdvanceOutcome } from '../application/flow-engine.service';
import { FlowSweeper, type SweepResult } from '../application/flow-sweeper.service';
import { OdooChangePoller } from '../application/odoo-change-poller.service';
import { OrderReconciler, type ReconcileSummary } from '../application/order-reconciler.service';
import {
  ADVANCE_CONCURRENCY, ASSET_HANDSHAKE_QUEUE, AssetHandshakeJob, RECONCILE_CONCURRENCY, type AdvanceFlowData, type ReconcileOrdersData,
} from './asset-handshake.jobs';

@Processor(ASSET_HANDSHAKE_QUEUE)
export class AssetHandshakeProcessor {
  constructor(
    private readonly runner: JobRunner,
    private readonly engine: FlowEngine,
    private readonly reconciler: OrderReconciler,
    private readonly sweeper: FlowSweeper,
    private readonly poller: OdooChangePoller,
  ) {}

  @Process({ name: AssetHandshakeJob.AdvanceFlow, concurrency: ADVANCE_CONCURRENCY })
  advance(job: Job<AdvanceFlowData>): Promise<AdvanceOutcome> {
    return this.runner.run(job, () => this.engine.advance(job.data.flowId));
  }

  @Process({ name: AssetHandshakeJob.ReconcileOrders, concurrency: RECONCILE_CONCURRENCY })
  reconcile(job: Job<ReconcileOrdersData>): Promise<ReconcileSummary> {
    return this.runner.run(job, () => this.reconciler.reconcile(job.data.orderIds));
  }

  @Process(AssetHandshakeJob.SweepFlows)
  sweep(job: Job): Promise<SweepResult> {
    return this.runner.run(job, () => this.sweeper.sweep(), { track: true });
  }

  @Process(AssetHandshakeJob.PollOdoo)
  poll(job: Job): Promise<{ orders: number }> {
    return this.runner.run(job, () => this.poller.poll(), { track: true });
  }
}
