import { Body, Controller, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
  ApiConflictResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isIsoDate } from '../domain/calendar';
import { ValidationFailed } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import type { PartnerScope } from '../domain/portal.types';
import { PaymentProofService } from '../application/payment-proof.service';
import { ProofDto, UploadProofDto, UploadProofFormDto } from './dto/proof.dto';
import { proofDto } from './portal.mappers';
import { CurrentScope, LinkedCustomer } from './portal-scope.guard';
import { ProofUploadInterceptor } from './proof-upload.interceptor';

@ApiTags('portal')
@LinkedCustomer()
@Controller('api/odoo')
export class PaymentProofController {
  constructor(private readonly proofs: PaymentProofService) {}

  @Post('upload-proof-payment')
  @UseInterceptors(ProofUploadInterceptor)
  @ApiOperation({ summary: 'Upload a proof of payment: creates a draft payment in Odoo for manual verification, with the file attached' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadProofFormDto })
  @ApiCreatedResponse({ type: ProofDto, description: 'Draft payment created in Odoo' })
  @ApiOkResponse({ type: ProofDto, description: 'Same invoice and payment reference as an earlier upload: that proof is returned' })
  @ApiAcceptedResponse({ type: ProofDto, description: 'Accepted; Odoo stopped answering mid-way and the submission is completed in the background' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such invoice among yours' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Not linked yet, or the payment reference was used with other details' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Not a PDF, JPG or PNG' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invoice not open, or amount above what is due' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Odoo unavailable: nothing recorded, retry after Retry-After seconds' })
  async upload(
    @CurrentScope() scope: PartnerScope,
    @Body() dto: UploadProofDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProofDto> {
    if (!isIsoDate(dto.payment_date)) throw new ValidationFailed('payment_date is not a real date', { payment_date: ['not a calendar date'] });
    const r = await this.proofs.upload(scope, {
      invoiceId: dto.invoice_id,
      paymentReference: dto.payment_reference,
      amount: dto.amount,
      paymentDate: dto.payment_date,
      file: req.file ? { buffer: req.file.buffer, originalname: req.file.originalname, size: req.file.size } : undefined,
    });
    res.status(r.duplicate ? 200 : r.pending ? 202 : 201);
    return proofDto(r.proof, r.duplicate);
  }
}
