import { Injectable } from '@nestjs/common';
import { AssetHandshakePort, type HandshakeFlowSummary, type SwapAccessView } from '../asset-handshake.port';
import { FlowRepository } from '../persistence/flow.repository';
import type { HandshakePlan } from '../persistence/plan.entity';
import { PlanRepository } from '../persistence/plan.repository';

function view(p: HandshakePlan): SwapAccessView {
  return {
    planId: p.planId, contractRef: p.contractRef, customerRef: p.customerRef, access: p.access, reason: p.accessReason,
    paymentCycleState: p.paymentCycleState, currentAsset: p.currentAsset, changedAt: p.accessChangedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class AssetHandshakeService extends AssetHandshakePort {
  constructor(private readonly plans: PlanRepository, private readonly flows: FlowRepository) {
    super();
  }

  async swapAccess(planId: string): Promise<SwapAccessView | null> {
    const p = await this.plans.find(planId);
    return p ? view(p) : null;
  }

  async accessForAsset(assetRef: string): Promise<SwapAccessView | null> {
    const p = await this.plans.findByAsset(assetRef);
    return p ? view(p) : null;
  }

  async flowsForContract(contractRef: string): Promise<HandshakeFlowSummary[]> {
    const [rows] = await this.flows.list({ contractRef, limit: 100, offset: 0 });
    return rows.map((f) => ({ id: f.id, kind: f.kind, state: f.state, correlationId: f.correlationId, planId: f.planId, lastError: f.lastError, updatedAt: f.updatedAt.toISOString() }));
  }

  stuckCount(): Promise<number> {
    return this.flows.countStuck();
  }
}
