/** A plan's swap access as the hub last learned it from ABS. */
export interface SwapAccessView {
  planId: string;
  contractRef: string;
  customerRef: string;
  access: 'granted' | 'suspended' | 'pending';
  reason: string;
  paymentCycleState: string;
  currentAsset: string | null;
  changedAt: string | null;
}

export interface HandshakeFlowSummary {
  id: string;
  kind: 'allocation' | 'entitlement' | 'access' | 'service_record';
  state: 'requested' | 'sent' | 'confirmed' | 'failed' | 'compensated';
  correlationId: string;
  planId: string | null;
  lastError: string | null;
  updatedAt: string;
}

/**
 * What other contexts (and the operator console) may ask AssetHandshake. Exported through
 * index.ts; the implementation stays private to the context.
 */
export abstract class AssetHandshakePort {
  /** Access of the plan, or null when the hub does not know it. */
  abstract swapAccess(planId: string): Promise<SwapAccessView | null>;
  /** The plan holding this battery now (else the one it was sold with). */
  abstract accessForAsset(assetRef: string): Promise<SwapAccessView | null>;
  /** Every flow of one Odoo order (by order name). */
  abstract flowsForContract(contractRef: string): Promise<HandshakeFlowSummary[]>;
  /** Open flows flagged stuck. */
  abstract stuckCount(): Promise<number>;
}
