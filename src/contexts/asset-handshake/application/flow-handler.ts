import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';
import type { FlowKind, FlowWaitReason } from '../domain/flow-state';
import type { HandshakeFlow } from '../persistence/flow.entity';
import type { FlowPatch } from '../persistence/flow.repository';

interface StepEffects {
  patch?: FlowPatch;
  detail?: JsonObject;
  /** Runs in the transaction that records the step (e.g. the plan mirror), so both happen or neither; what it returns joins the timeline detail. */
  apply?: (em: EntityManager) => Promise<JsonObject | void>;
  /** Runs after that commit (wake dependants); failures there are logged, never undo the step. */
  after?: () => Promise<void>;
}

export type StepResult =
  | ({ kind: 'done' } & StepEffects)
  | ({ kind: 'continue'; step: string } & StepEffects);

export type Precondition = { waitingFor: FlowWaitReason; patch?: FlowPatch } | { waitingFor?: undefined; patch?: FlowPatch };

/** The steps of one flow kind; the engine owns states, leases, retries and the timeline. */
export interface FlowHandler {
  readonly kind: FlowKind;
  firstStep(flow: HandshakeFlow): string;
  /** Checked before anything is sent: a wait reason parks the flow until that arrives. */
  precondition(flow: HandshakeFlow): Promise<Precondition>;
  run(flow: HandshakeFlow, step: string): Promise<StepResult>;
  /** Undoes remotely what the flow did (`remote: false` in the detail when nothing was needed). */
  compensate(flow: HandshakeFlow): Promise<StepResult>;
}

/** Correlation id of one step's message: the flow's id plus the step, so each request is distinct and traceable. */
export function stepCorrelationId(flow: HandshakeFlow, step: string): string {
  return `${flow.correlationId}-${step}`;
}
