import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { PaymentProof } from './payment-proof.entity';

export type NewProof = Omit<PaymentProof, 'id' | 'status' | 'odooPaymentId' | 'odooAttachmentId' | 'attempts' | 'lastError' | 'createdAt' | 'submittedAt'>;

@Injectable()
export class PaymentProofRepository {
  constructor(@InjectRepository(PaymentProof) private readonly repo: Repository<PaymentProof>) {}

  /** Stores the proof as pending, or returns the proof already stored for this (invoice, reference). */
  async insertPending(p: NewProof): Promise<{ proof: PaymentProof; duplicate: boolean }> {
    const res = await this.repo.createQueryBuilder().insert().values({ ...p, status: 'pending' }).orIgnore().returning(['id']).execute();
    const raw = res.raw as Array<{ id: string }>;
    if (raw.length) return { proof: (await this.repo.findOneBy({ id: raw[0].id }))!, duplicate: false };
    const existing = await this.repo.findOneBy({ invoiceId: p.invoiceId, paymentReferenceKey: p.paymentReferenceKey });
    if (!existing) throw new Error('proof insert ignored without a conflict');
    return { proof: existing, duplicate: true };
  }

  findByInvoiceAndReference(invoiceId: number, paymentReferenceKey: string): Promise<PaymentProof | null> {
    return this.repo.findOneBy({ invoiceId, paymentReferenceKey });
  }

  findById(id: string): Promise<PaymentProof | null> {
    return this.repo.findOneBy({ id });
  }

  /** With the file bytes (not loaded by default). */
  findWithFile(id: string): Promise<PaymentProof | null> {
    return this.repo.createQueryBuilder('p').addSelect('p.fileData').where('p.id = :id', { id }).getOne();
  }

  async markPaymentCreated(id: string, odooPaymentId: number): Promise<void> {
    await this.repo.update(id, { odooPaymentId });
  }

  async markSubmitted(id: string, odooPaymentId: number, odooAttachmentId: number): Promise<PaymentProof> {
    await this.repo.update(id, { status: 'submitted', odooPaymentId, odooAttachmentId, submittedAt: new Date(), lastError: null });
    return (await this.repo.findOneBy({ id }))!;
  }

  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.repo.createQueryBuilder().update()
      .set({ attempts: () => 'attempts + 1', lastError: error.slice(0, 2000), ...(final ? { status: 'failed' as const } : {}) })
      .where('id = :id', { id })
      .execute();
  }

  /** Forgets a proof Odoo never saw (the submission failed before reaching Odoo), so the customer can send it again. */
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id, status: 'pending' });
  }

  pendingOlderThan(seconds: number, limit: number): Promise<PaymentProof[]> {
    return this.repo.find({ where: { status: 'pending', createdAt: LessThan(new Date(Date.now() - seconds * 1000)) }, order: { createdAt: 'ASC' }, take: limit });
  }

  listForPartner(commercialPartnerId: number, limit: number): Promise<PaymentProof[]> {
    return this.repo.find({ where: { commercialPartnerId }, order: { createdAt: 'DESC' }, take: limit });
  }
}
