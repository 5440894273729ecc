import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { HandshakePlan } from './plan.entity';

export type PlanPatch = Partial<Omit<HandshakePlan, 'planId' | 'createdAt' | 'updatedAt'>>;

@Injectable()
export class PlanRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(HandshakePlan);
  }

  find(planId: string, em?: EntityManager): Promise<HandshakePlan | null> {
    return this.repo(em).findOneBy({ planId });
  }

  /** Row-locked read inside a transaction, so concurrent events on one plan apply one after another. */
  lock(planId: string, em: EntityManager): Promise<HandshakePlan | null> {
    return this.repo(em).createQueryBuilder('p').setLock('pessimistic_write').where('p.plan_id = :planId', { planId }).getOne();
  }

  findByOrder(orderId: number): Promise<HandshakePlan | null> {
    return this.repo().findOneBy({ orderId });
  }

  findByContract(contractRef: string): Promise<HandshakePlan | null> {
    return this.repo().findOneBy({ contractRef });
  }

  /** The plan a battery belongs to: the one holding it now, else the one it was sold with. */
  async findByAsset(assetRef: string): Promise<HandshakePlan | null> {
    return (await this.repo().findOne({ where: { currentAsset: assetRef, status: 'active' }, order: { currentAssetAt: 'DESC' } }))
      ?? (await this.repo().findOne({ where: { assetRef, status: 'active' }, order: { createdAt: 'DESC' } }));
  }

  /** Inserts the plan or, when a retried allocation finds it, refreshes its identifiers. */
  async upsert(plan: Pick<HandshakePlan, 'planId' | 'allocationFlowId' | 'orderId' | 'partnerId' | 'contractRef' | 'contractLineRef' | 'assetRef' | 'customerRef' | 'templateId' | 'endDate'> & PlanPatch, em?: EntityManager): Promise<void> {
    await this.repo(em).createQueryBuilder().insert().into(HandshakePlan).values(plan)
      .orUpdate(['allocation_flow_id', 'contract_ref', 'contract_line_ref', 'asset_ref', 'customer_ref', 'template_id', 'end_date', 'status', 'updated_at'], ['plan_id'])
      .execute();
  }

  async update(planId: string, patch: PlanPatch, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ planId }, { ...patch, updatedAt: new Date() });
  }

  /** Active plans whose end date has passed while access is still granted (the expiry check re-reads their orders). */
  async expiredButGranted(today: string, limit: number): Promise<HandshakePlan[]> {
    return this.repo().createQueryBuilder('p')
      .where("p.status = 'active' AND p.access = 'granted' AND p.end_date IS NOT NULL AND p.end_date < :today", { today })
      .orderBy('p.end_date', 'ASC').limit(limit).getMany();
  }
}
