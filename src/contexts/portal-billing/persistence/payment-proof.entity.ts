import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ProofStatus = 'pending' | 'submitted' | 'failed';

const money = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** An uploaded proof of payment; unique per (invoice, payment reference). Kept after submission as the record of what the customer sent. */
@Entity('portal_payment_proof')
export class PaymentProof {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column('int') commercialPartnerId: number;
  @Column('int') invoiceId: number;
  @Column('varchar', { length: 100 }) invoiceNumber: string;
  @Column('varchar', { length: 64 }) paymentReference: string;
  @Column('varchar', { length: 64 }) paymentReferenceKey: string;
  @Column('numeric', { precision: 16, scale: 2, transformer: money }) amount: number;
  @Column('varchar', { length: 10, nullable: true }) currency: string | null;
  @Column('date') paymentDate: string;
  @Column('varchar', { length: 255 }) fileName: string;
  @Column('varchar', { length: 40 }) mimeType: string;
  @Column('int') fileSize: number;
  @Column('char', { length: 64 }) fileSha256: string;
  @Column('bytea', { select: false }) fileData: Buffer;
  @Column('varchar', { length: 20 }) status: ProofStatus;
  @Column('int', { nullable: true }) odooPaymentId: number | null;
  @Column('int', { nullable: true }) odooAttachmentId: number | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
}
