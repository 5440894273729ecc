import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { enqueueJob } from '../../../infrastructure/queues';
import { FlowScheduler } from '../application/flow-scheduler';
import { ASSET_HANDSHAKE_QUEUE, AssetHandshakeJob, type AdvanceFlowData, type ReconcileOrdersData } from './asset-handshake.jobs';

/**
 * FlowScheduler on the context's Bull queue. An "advance now" gets a unique job id: several
 * wake-ups of one flow are harmless (the engine's lease and state checks make the extra ones
 * no-ops), while a reused id would be swallowed by a completed job Bull still keeps.
 */
@Injectable()
export class BullFlowScheduler extends FlowScheduler {
  constructor(@InjectQueue(ASSET_HANDSHAKE_QUEUE) private readonly queue: Queue) {
    super();
  }

  async advance(flowId: string, opts: { delayMs?: number; key?: string } = {}): Promise<void> {
    await enqueueJob<Omit<AdvanceFlowData, 'meta'>>(this.queue, AssetHandshakeJob.AdvanceFlow, { flowId }, {
      idempotencyKey: `advance:${opts.key ?? `${flowId}:${randomUUID()}`}`,
      ...(opts.delayMs ? { delay: opts.delayMs } : {}),
      removeOnComplete: true,
    });
  }

  async reconcileOrders(orderIds: number[], opts: { key?: string } = {}): Promise<void> {
    if (!orderIds.length) return;
    await enqueueJob<Omit<ReconcileOrdersData, 'meta'>>(this.queue, AssetHandshakeJob.ReconcileOrders, { orderIds }, {
      idempotencyKey: `reconcile:${opts.key ?? randomUUID()}`,
      removeOnComplete: true,
    });
  }
}
