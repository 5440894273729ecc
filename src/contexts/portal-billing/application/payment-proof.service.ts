import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../../infrastructure/config';
import { AppError, Conflict, PermanentJobError, ValidationFailed } from '../../../infrastructure/errors';
import { addDays, daysBetween, localDate } from '../domain/calendar';
import { proofFileName, sniffProofFile } from '../domain/file-signature';
import { normalizeFact } from '../domain/link-rules';
import { PortalFileRejected, PortalInvoiceNotFound, PortalOdooRequired, PortalProofRejected } from '../domain/portal.errors';
import type { InvoiceRecord, PartnerScope } from '../domain/portal.types';
import { PortalOdooPort } from '../integration/portal-odoo.port';
import type { PaymentProof } from '../persistence/payment-proof.entity';
import { PaymentProofRepository } from '../persistence/payment-proof.repository';
import { isUpstreamFailure } from './freshness';
import { ownedBy } from './portal-scope.service';
import { PortalJobsService } from './portal-jobs.service';

export interface ProofUpload {
  invoiceId: number;
  paymentReference: string;
  amount: number;
  paymentDate: string;
  file?: { buffer: Buffer; originalname?: string; size: number };
}

export interface ProofResult {
  proof: PaymentProof;
  /** Same (invoice, reference) sent before: the first proof is returned, nothing new is created. */
  duplicate: boolean;
  /** Accepted, but Odoo's answer was lost mid-way; a job finishes the submission. */
  pending: boolean;
}

/** How far back a payment may be dated (bank transfers get reported late, but not years late). */
const MAX_PAYMENT_AGE_DAYS = 366;
const ATTACHMENT_MODEL = 'account.payment';

/**
 * Proof of payment: checked by content and size, matched against the live invoice (it must be
 * the customer's, open, and the amount positive and not above the residual), then sent to Odoo
 * as a draft payment for manual verification with the file attached. Idempotent on
 * (invoice, payment reference). Payments are never queued blind: while Odoo is down the upload is
 * refused with 503 and Retry-After, since the invoice cannot be checked.
 */
@Injectable()
export class PaymentProofService {
  private readonly logger = new Logger(PaymentProofService.name);
  constructor(
    private readonly proofs: PaymentProofRepository,
    private readonly odoo: PortalOdooPort,
    private readonly jobs: PortalJobsService,
    private readonly config: AppConfig,
  ) {}

  async upload(scope: PartnerScope, input: ProofUpload): Promise<ProofResult> {
    const file = this.checkFile(input.file);
    const referenceKey = normalizeFact(input.paymentReference).slice(0, 64);
    this.checkDate(scope, input.paymentDate);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');

    // A repeat is answered from the hub alone (works while Odoo is down); another customer's invoice stays "not found".
    const earlier = await this.proofs.findByInvoiceAndReference(input.invoiceId, referenceKey);
    if (earlier) return this.repeat(scope, earlier, input.amount, sha256);

    let invoice: InvoiceRecord | null;
    try {
      invoice = await this.odoo.getInvoice(scope.commercialPartnerId, input.invoiceId, { timeoutMs: this.config.portal.odooReadTimeoutMs });
    } catch (err) {
      if (isUpstreamFailure(err)) throw new PortalOdooRequired('Submitting a proof of payment', err.retryAfterSeconds ?? 30, err);
      throw err;
    }
    if (!invoice || !ownedBy(scope)(invoice)) throw new PortalInvoiceNotFound();
    this.checkInvoice(invoice, input.amount);

    const { proof, duplicate } = await this.proofs.insertPending({
      accountId: scope.accountId,
      commercialPartnerId: scope.commercialPartnerId,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      paymentReference: input.paymentReference.trim(),
      paymentReferenceKey: referenceKey,
      amount: input.amount,
      currency: invoice.currency,
      paymentDate: input.paymentDate,
      fileName: proofFileName(input.file?.originalname, file.type, `proof-${invoice.number.replace(/[^\w-]+/g, '_')}`),
      mimeType: file.type.mime,
      fileSize: file.buffer.length,
      fileSha256: sha256,
      fileData: file.buffer,
    });
    if (duplicate) return this.repeat(scope, proof, input.amount, sha256);

    try {
      const submitted = await this.submit(proof.id, file.buffer);
      return { proof: submitted, duplicate: false, pending: false };
    } catch (err) {
      const reachedOdoo = (await this.proofs.findById(proof.id))?.odooPaymentId != null;
      if (reachedOdoo || maybeProcessed(err)) {
        // Odoo may have the payment already: keep the proof and let the job finish (it looks its own write up first).
        await this.proofs.recordFailure(proof.id, err instanceof Error ? err.message : String(err), false);
        await this.jobs.submitProof(proof.id);
        return { proof: (await this.proofs.findById(proof.id))!, duplicate: false, pending: true };
      }
      await this.proofs.delete(proof.id);
      if (err instanceof AppError && err.kind === 'unavailable') throw new PortalOdooRequired('Submitting a proof of payment', err.retryAfterSeconds ?? 30, err);
      throw err;
    }
  }

  /** Creates (or finds) the draft payment, then attaches the file; each step is looked up before it is made. */
  async submit(proofId: string, content?: Buffer): Promise<PaymentProof> {
    const proof = content ? await this.proofs.findById(proofId) : await this.proofs.findWithFile(proofId);
    if (!proof) throw new PermanentJobError(`proof ${proofId} not found`);
    if (proof.status === 'submitted') return proof;
    const proofReference = `PP-${proof.id.slice(0, 8).toUpperCase()}`;
    let paymentId = proof.odooPaymentId ?? (await this.odoo.findPaymentByProofReference(proofReference));
    if (!paymentId) {
      paymentId = await this.odoo.createDraftPayment({
        proofReference, partnerId: proof.commercialPartnerId, invoiceId: proof.invoiceId, invoiceNumber: proof.invoiceNumber,
        amount: proof.amount, date: proof.paymentDate, customerReference: proof.paymentReference,
      });
    }
    await this.proofs.markPaymentCreated(proof.id, paymentId);
    const attachmentId = (await this.odoo.findAttachment(ATTACHMENT_MODEL, paymentId, proof.fileName))
      ?? (await this.odoo.createAttachment({
        resModel: ATTACHMENT_MODEL, resId: paymentId, name: proof.fileName, mimeType: proof.mimeType, content: content ?? proof.fileData,
      }));
    this.logger.log({ proofId: proof.id, paymentId, attachmentId, invoiceId: proof.invoiceId }, 'proof of payment submitted to Odoo');
    return this.proofs.markSubmitted(proof.id, paymentId, attachmentId);
  }

  /** The queued job's body: transient failures retry, anything else fails the proof for an operator. */
  async submitQueued(proofId: string): Promise<void> {
    try {
      await this.submit(proofId);
    } catch (err) {
      const transient = isUpstreamFailure(err);
      await this.proofs.recordFailure(proofId, err instanceof Error ? err.message : String(err), !transient);
      if (!transient && !(err instanceof PermanentJobError)) throw new PermanentJobError(`Odoo refused proof ${proofId}`, err);
      throw err;
    }
  }

  private repeat(scope: PartnerScope, earlier: PaymentProof, amount: number, sha256: string): ProofResult {
    if (earlier.commercialPartnerId !== scope.commercialPartnerId) throw new PortalInvoiceNotFound();
    if (Math.abs(earlier.amount - amount) > 0.004 || earlier.fileSha256 !== sha256) {
      throw new Conflict(
        `A proof with payment reference "${earlier.paymentReference}" was already sent for invoice ${earlier.invoiceNumber} with a different amount or file`,
        'PORTAL.PROOF_REFERENCE_USED',
        { proof_id: earlier.id },
      );
    }
    return { proof: earlier, duplicate: true, pending: earlier.status === 'pending' };
  }

  private checkFile(file: ProofUpload['file']) {
    if (!file?.buffer?.length) {
      throw new ValidationFailed('proof_file is required (a PDF, JPG or PNG)', { proof_file: ['a file is required'] }, 'PORTAL.PROOF_FILE_REQUIRED');
    }
    if (file.buffer.length > this.config.portal.proofMaxBytes) throw tooLarge(this.config.portal.proofMaxBytes);
    const type = sniffProofFile(file.buffer);
    if (!type) {
      throw new PortalFileRejected('unsupported_media', 'PORTAL.PROOF_FILE_TYPE',
        'proof_file must be a PDF, JPG or PNG (checked by its content, not its name)', { allowed: ['application/pdf', 'image/jpeg', 'image/png'] });
    }
    return { buffer: file.buffer, type };
  }

  private checkDate(scope: PartnerScope, date: string): void {
    const today = localDate(scope.timezone);
    if (daysBetween(today, date) > 0) {
      throw new ValidationFailed('payment_date cannot be in the future', { payment_date: [`must be on or before ${today}`] }, 'PORTAL.PAYMENT_DATE_INVALID');
    }
    if (daysBetween(date, today) > MAX_PAYMENT_AGE_DAYS) {
      throw new ValidationFailed('payment_date is too far in the past', { payment_date: [`must be on or after ${addDays(today, -MAX_PAYMENT_AGE_DAYS)}`] }, 'PORTAL.PAYMENT_DATE_INVALID');
    }
  }

  private checkInvoice(invoice: InvoiceRecord, amount: number): void {
    const open = invoice.moveType === 'out_invoice' && invoice.state === 'posted'
      && (invoice.paymentState === 'not_paid' || invoice.paymentState === 'partial') && invoice.amountResidual > 0;
    if (!open) {
      throw new PortalProofRejected('PORTAL.INVOICE_NOT_OPEN', `Invoice ${invoice.number} is not open for payment`, {
        invoice_id: invoice.id, payment_state: invoice.paymentState, state: invoice.state,
      });
    }
    if (amount - invoice.amountResidual > 0.004) {
      throw new PortalProofRejected('PORTAL.AMOUNT_ABOVE_RESIDUAL', `The amount is above what is still due on invoice ${invoice.number}`, {
        amount, amount_due: invoice.amountResidual, currency: invoice.currency,
      });
    }
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new PortalFileRejected('payload_too_large', 'PORTAL.PROOF_FILE_TOO_LARGE',
    `proof_file is larger than the ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB limit`, { max_bytes: maxBytes });
}

/**
 * Whether a failed write may still have committed in Odoo: only when Odoo went silent mid-call
 * (timeout, dropped connection). An answered error means Odoo rolled the call back; an open
 * breaker or a refused connection means it never got there.
 */
function maybeProcessed(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'unavailable' && (err as { maybeProcessed?: boolean }).maybeProcessed !== false;
}
