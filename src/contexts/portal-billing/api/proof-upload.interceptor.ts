import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { from, switchMap, type Observable } from 'rxjs';
import { AppConfig } from '../../../infrastructure/config';
import { ValidationFailed } from '../../../infrastructure/errors';
import { tooLarge } from '../application/payment-proof.service';

export const PROOF_FILE_FIELD = 'proof_file';

/**
 * Parses the multipart upload with multer (memory storage, one file, small text fields) using
 * the configured size limit, and turns multer's errors into the API's own: 413 with the limit
 * for an oversized file, 400 naming the field for anything else.
 */
@Injectable()
export class ProofUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;
  private readonly maxBytes: number;

  constructor(config: AppConfig) {
    this.maxBytes = config.portal.proofMaxBytes;
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: this.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
    }).single(PROOF_FILE_FIELD);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const parsed = new Promise<void>((resolve, reject) => {
      this.upload(req, res, (err: unknown) => (err ? reject(this.translate(err)) : resolve()));
    });
    return from(parsed).pipe(switchMap(() => next.handle()));
  }

  private translate(err: unknown): Error {
    if (err instanceof MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') return tooLarge(this.maxBytes);
      const field = err.field ?? PROOF_FILE_FIELD;
      const why = err.code === 'LIMIT_UNEXPECTED_FILE' ? `only one file, in field ${PROOF_FILE_FIELD}` : err.message;
      return new ValidationFailed(`Invalid upload: ${why}`, { [field]: [why] }, 'PORTAL.UPLOAD_INVALID');
    }
    return new ValidationFailed('Malformed multipart body', { [PROOF_FILE_FIELD]: ['could not read the upload'] }, 'PORTAL.UPLOAD_INVALID');
  }
}
