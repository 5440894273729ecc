import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsPositive, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The multipart text fields (the file comes as `proof_file`). */
export class UploadProofDto {
  @ApiProperty({ example: 311, description: 'Odoo id of the invoice being paid' })
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) invoice_id: number;

  @ApiProperty({ example: 'MPESA-QK71H2X9', description: 'Your bank or mobile-money transaction reference' })
  @IsString() @MinLength(3) @MaxLength(64) @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ._/#:-]*$/u, { message: 'payment_reference may hold letters, digits, spaces and . _ / # : -' })
  payment_reference: string;

  @ApiProperty({ example: 49.99, description: 'Amount paid; positive, at most 2 decimals, not above what is due' })
  @Type(() => Number) @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @IsPositive() @Max(1e12) amount: number;

  @ApiProperty({ example: '2025-03-09', description: 'When you paid (YYYY-MM-DD), not in the future' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'payment_date must be YYYY-MM-DD' }) payment_date: string;
}

/** For Swagger: the whole multipart body. */
export class UploadProofFormDto extends UploadProofDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPG or PNG (checked by content); size-limited' }) proof_file: unknown;
}

export class ProofDto {
  @ApiProperty({ example: '7d7a2c14-0c3f-4a0e-9a57-3a9a1d2e8b10' }) id: string;
  @ApiProperty({ example: 'submitted', enum: ['pending', 'submitted', 'failed'], description: 'submitted = a draft payment awaits verification in Odoo' }) status: string;
  @ApiProperty({ example: 311 }) invoice_id: number;
  @ApiProperty({ example: 'INV/2025/00017' }) invoice_number: string;
  @ApiProperty({ example: 'MPESA-QK71H2X9' }) payment_reference: string;
  @ApiProperty({ example: 49.99 }) amount: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: '2025-03-09' }) payment_date: string;
  @ApiProperty({ example: 'bank-slip.pdf' }) file_name: string;
  @ApiProperty({ example: 'application/pdf' }) mime_type: string;
  @ApiProperty({ example: 48211 }) file_size: number;
  @ApiProperty({ example: 87, nullable: true, type: Number, description: 'The draft account.payment in Odoo' }) odoo_payment_id: number | null;
  @ApiProperty({ example: false, description: 'True when this (invoice, reference) was already submitted: the first proof is returned' }) duplicate: boolean;
  @ApiProperty({ example: '2025-03-10T08:15:00.000Z' }) created_at: string;
}
