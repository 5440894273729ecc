import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';
import { Conflict } from '../../../infrastructure/errors';
import type { FlowIntent, FlowKind, FlowState, FlowWaitReason } from '../domain/flow-state';
import { HandshakeFlowEvent } from './flow-event.entity';
import { HandshakeFlow } from './flow.entity';

export interface FlowSubject { kind: FlowKind; model: string; id: string; ref?: string | null }

export interface NewFlow {
  state?: FlowState;
  data: JsonObject;
  planId?: string | null;
  contractRef?: string | null;
  assetRef?: string | null;
  customerRef?: string | null;
  waitingFor?: FlowWaitReason | null;
}

export type FlowPatch = Partial<Pick<HandshakeFlow,
  'state' | 'intent' | 'step' | 'generation' | 'correlationId' | 'planId' | 'contractRef' | 'assetRef' | 'customerRef' | 'data' | 'result' |
  'waitingFor' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'errorCode' | 'stuckSince' | 'requestedAt' | 'sentAt' | 'confirmedAt' |
  'failedAt' | 'compensatedAt' | 'subjectRef'>>;

export interface TimelineEntry {
  event: string;
  fromState?: FlowState | null;
  toState?: FlowState | null;
  step?: string | null;
  detail?: JsonObject | null;
  error?: string | null;
}

export interface FlowListFilter {
  kind?: FlowKind; state?: FlowState; stuck?: boolean; contractRef?: string; planId?: string; subjectId?: string;
  limit: number; offset: number;
}

/** Someone else changed the flow between our read and our write (optimistic version check). */
export class FlowVersionConflict extends Conflict {
  constructor(id: string) {
    super(`Flow ${id} was changed concurrently`, 'ASSET.FLOW_VERSION_CONFLICT', { id });
  }
  override get transient(): boolean { return true; }
}

/** A new correlation id per flow generation: ABS de-duplicates by it, so a retry reuses it and a new generation never does. */
export function newCorrelationId(kind: FlowKind): string {
  return `ah-${kind.replace('_', '-')}-${randomUUID()}`;
}

@Injectable()
export class FlowRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Creates the flow of a subject unless it exists (unique per kind + subject); returns it and whether it is new. */
  async ensure(subject: FlowSubject, init: NewFlow): Promise<{ flow: HandshakeFlow; created: boolean }> {
    return this.ds.transaction(async (em) => {
      const inserted = await em.createQueryBuilder().insert().into(HandshakeFlow).values({
        kind: subject.kind, subjectModel: subject.model, subjectId: subject.id, subjectRef: subject.ref ?? null,
        state: init.state ?? 'requested', correlationId: newCorrelationId(subject.kind), data: init.data,
        planId: init.planId ?? null, contractRef: init.contractRef ?? null, assetRef: init.assetRef ?? null,
        customerRef: init.customerRef ?? null, waitingFor: init.waitingFor ?? null, nextAttemptAt: init.waitingFor ? null : new Date(),
      }).orIgnore().returning('*').execute();
      const row = (inserted.raw as Record<string, unknown>[])[0];
      if (row) {
        const flow = this.hydrate(em, row);
        await this.addEvent(em, flow, { event: 'created', toState: flow.state, detail: { waitingFor: flow.waitingFor } });
        return { flow, created: true };
      }
      const existing = await em.findOneByOrFail(HandshakeFlow, { kind: subject.kind, subjectModel: subject.model, subjectId: subject.id });
      return { flow: existing, created: false };
    });
  }

  private hydrate(em: EntityManager, raw: Record<string, unknown>): HandshakeFlow {
    const meta = em.getRepository(HandshakeFlow).metadata;
    const flow = new HandshakeFlow();
    for (const col of meta.columns) {
      if (col.databaseName in raw) (flow as unknown as Record<string, unknown>)[col.propertyName] = raw[col.databaseName];
    }
    return flow;
  }

  find(id: string): Promise<HandshakeFlow | null> {
    return this.ds.getRepository(HandshakeFlow).findOneBy({ id });
  }

  findBySubject(kind: FlowKind, model: string, id: string): Promise<HandshakeFlow | null> {
    return this.ds.getRepository(HandshakeFlow).findOneBy({ kind, subjectModel: model, subjectId: id });
  }

  findForOrders(orderIds: number[]): Promise<HandshakeFlow[]> {
    if (!orderIds.length) return Promise.resolve([]);
    return this.ds.getRepository(HandshakeFlow).createQueryBuilder('f')
      .where('f.subject_model = :m AND f.subject_id IN (:...ids)', { m: 'sale.order', ids: orderIds.map(String) })
      .getMany();
  }

  findAllocationByContract(contractRef: string): Promise<HandshakeFlow | null> {
    return this.ds.getRepository(HandshakeFlow).findOneBy({ kind: 'allocation', contractRef });
  }

  /**
   * Takes the flow for one worker for `leaseMs` (a worker that dies lets the lease run out and the
   * sweeper re-drives the flow). Returns undefined when another worker holds it.
   */
  async claim(id: string, owner: string, leaseMs: number): Promise<HandshakeFlow | undefined> {
    const res = await this.ds.createQueryBuilder().update(HandshakeFlow)
      .set({ leaseOwner: owner, leaseUntil: () => `now() + (${Math.ceil(leaseMs)} * interval '1 millisecond')` })
      .where('id = :id', { id })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < now()').orWhere('lease_owner = :owner', { owner })))
      .returning('*').execute();
    const row = (res.raw as Record<string, unknown>[])[0];
    return row ? this.hydrate(this.ds.manager, row) : undefined;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.ds.createQueryBuilder().update(HandshakeFlow).set({ leaseOwner: null, leaseUntil: null })
      .where('id = :id AND lease_owner = :owner', { id, owner }).execute();
  }

  /** Writes a patch guarded by the version read, and its timeline entry, in one transaction. */
  async update(flow: HandshakeFlow, patch: FlowPatch, entry?: TimelineEntry, em?: EntityManager): Promise<HandshakeFlow> {
    const run = async (m: EntityManager) => {
      const res = await m.createQueryBuilder().update(HandshakeFlow)
        .set({ ...patch, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :v', { id: flow.id, v: flow.version })
        .returning('*').execute();
      const row = (res.raw as Record<string, unknown>[])[0];
      if (!row) throw new FlowVersionConflict(flow.id);
      const next = this.hydrate(m, row);
      if (entry) await this.addEvent(m, next, { fromState: flow.state, ...entry });
      return next;
    };
    return em ? run(em) : this.ds.transaction(run);
  }

  async addEvent(em: EntityManager | undefined, flow: HandshakeFlow, e: TimelineEntry): Promise<void> {
    await (em ?? this.ds.manager).insert(HandshakeFlowEvent, {
      flowId: flow.id, event: e.event, fromState: e.fromState ?? null, toState: e.toState ?? null,
      step: e.step ?? flow.step ?? null, generation: flow.generation, correlationId: flow.correlationId,
      detail: e.detail ?? null, error: e.error ?? null,
    });
  }

  timeline(flowId: string): Promise<HandshakeFlowEvent[]> {
    return this.ds.getRepository(HandshakeFlowEvent).find({ where: { flowId }, order: { id: 'ASC' } });
  }

  async list(f: FlowListFilter): Promise<[HandshakeFlow[], number]> {
    const qb = this.ds.getRepository(HandshakeFlow).createQueryBuilder('f').orderBy('f.updated_at', 'DESC').addOrderBy('f.id', 'ASC').take(f.limit).skip(f.offset);
    if (f.kind) qb.andWhere('f.kind = :kind', { kind: f.kind });
    if (f.state) qb.andWhere('f.state = :state', { state: f.state });
    if (f.stuck !== undefined) qb.andWhere(f.stuck ? 'f.stuck_since IS NOT NULL' : 'f.stuck_since IS NULL');
    if (f.contractRef) qb.andWhere('f.contract_ref = :c', { c: f.contractRef });
    if (f.planId) qb.andWhere('f.plan_id = :p', { p: f.planId });
    if (f.subjectId) qb.andWhere('f.subject_id = :s', { s: f.subjectId });
    return qb.getManyAndCount();
  }

  /** Open, not waiting, due now and not leased: the flows a sweep re-drives. */
  async due(now: Date, limit: number): Promise<string[]> {
    const rows = await this.ds.getRepository(HandshakeFlow).createQueryBuilder('f').select('f.id', 'id')
      .where("f.state IN ('requested','sent')")
      .andWhere('f.waiting_for IS NULL')
      .andWhere('(f.next_attempt_at IS NULL OR f.next_attempt_at <= :now)', { now })
      .andWhere('(f.lease_until IS NULL OR f.lease_until < :now)', { now })
      .orderBy('f.next_attempt_at', 'ASC', 'NULLS FIRST').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * Marks open flows untouched since `before` as stuck (once) and returns the newly flagged. A flow
   * waiting for its delivery is not stuck: that wait is a warehouse's, measured in days.
   */
  async flagStuck(before: Date): Promise<HandshakeFlow[]> {
    const res = await this.ds.createQueryBuilder().update(HandshakeFlow).set({ stuckSince: () => 'now()' })
      .where("state IN ('requested','sent') AND stuck_since IS NULL AND updated_at < :before", { before })
      .andWhere("(waiting_for IS NULL OR waiting_for <> 'serial')")
      .returning('*').execute();
    return (res.raw as Record<string, unknown>[]).map((r) => this.hydrate(this.ds.manager, r));
  }

  /** Flows parked on a wait that should resolve by itself: re-checked in case their wake-up was missed. */
  async staleWaiting(before: Date, limit: number): Promise<string[]> {
    const rows = await this.ds.getRepository(HandshakeFlow).createQueryBuilder('f').select('f.id', 'id')
      .where("f.state = 'requested' AND f.waiting_for IS NOT NULL AND f.waiting_for <> 'serial' AND f.updated_at < :before", { before })
      .andWhere('(f.lease_until IS NULL OR f.lease_until < now())')
      .orderBy('f.updated_at', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Compensations that ran out of attempts keep their state; they are stuck too. */
  async listStuck(limit: number, offset: number): Promise<[HandshakeFlow[], number]> {
    return this.ds.getRepository(HandshakeFlow).createQueryBuilder('f').where('f.stuck_since IS NOT NULL')
      .orderBy('f.stuck_since', 'ASC').take(limit).skip(offset).getManyAndCount();
  }

  async countStuck(): Promise<number> {
    return this.ds.getRepository(HandshakeFlow).createQueryBuilder('f').where('f.stuck_since IS NOT NULL').getCount();
  }

  /** Wakes flows that waited for something that has now arrived; returns their ids. */
  async wake(reason: FlowWaitReason, where: { planId?: string; contractRef?: string; originContractRef?: string }): Promise<string[]> {
    const qb = this.ds.createQueryBuilder().update(HandshakeFlow).set({ waitingFor: null, nextAttemptAt: () => 'now()' })
      .where('waiting_for = :reason', { reason });
    if (where.planId) qb.andWhere('plan_id = :p', { p: where.planId });
    if (where.contractRef) qb.andWhere('contract_ref = :c', { c: where.contractRef });
    if (where.originContractRef) qb.andWhere("data->>'origin_contract_ref' = :o", { o: where.originContractRef });
    const res = await qb.returning(['id']).execute();
    return (res.raw as Array<{ id: string }>).map((r) => r.id);
  }

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }
}
