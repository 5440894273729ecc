import { InvalidFlowTransition } from './asset-handshake.errors';

/** The four handshakes of the reference (§2), one persisted state machine per Odoo record and kind. */
export const FLOW_KINDS = ['allocation', 'entitlement', 'access', 'service_record'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export const FLOW_STATES = ['requested', 'sent', 'confirmed', 'failed', 'compensated'] as const;
export type FlowState = (typeof FLOW_STATES)[number];

/** What the flow is trying to achieve: apply its desired state in ABS/Odoo, or undo it. */
export type FlowIntent = 'apply' | 'compensate';

/**
 * requested → sent → confirmed | failed → compensated. The back edges to `requested` open a new
 * generation (with a new correlation id): an operator retry of a failed flow, a changed desired
 * state (access suspended, then restored), or an order confirmed again after a cancellation.
 */
const TRANSITIONS: Record<FlowState, readonly FlowState[]> = {
  requested: ['sent', 'failed', 'compensated'],
  sent: ['confirmed', 'failed', 'compensated'],
  confirmed: ['compensated', 'requested'],
  failed: ['requested', 'compensated'],
  compensated: ['requested'],
};

export function canTransition(from: FlowState, to: FlowState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: FlowState, to: FlowState): void {
  if (!canTransition(from, to)) throw new InvalidFlowTransition(from, to);
}

/** Still has work to do (the sweeper and the processor look only at these). */
export function isOpen(state: FlowState): boolean {
  return state === 'requested' || state === 'sent';
}

/** A flow may be compensated from here (an open compensation intent keeps its state until ABS acknowledges). */
export function isCompensable(state: FlowState): boolean {
  return state !== 'compensated';
}

/** Why an open flow does not advance on its own yet (it is re-driven when that arrives). */
export type FlowWaitReason = 'serial' | 'allocation' | 'entitlement' | 'original_order' | 'plan';
