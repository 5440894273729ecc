import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreshnessDto, PageInfoDto } from './freshness.dto';

export class InvoiceDto {
  @ApiProperty({ example: 311, description: 'Odoo account.move id' }) id: number;
  @ApiProperty({ example: 'INV/2025/00017' }) number: string;
  @ApiProperty({ example: 'invoice', enum: ['invoice', 'credit_note'] }) type: string;
  @ApiProperty({ example: '2025-03-01', nullable: true, type: String }) date: string | null;
  @ApiProperty({ example: '2025-03-15', nullable: true, type: String }) due_date: string | null;
  @ApiProperty({ example: 49.99 }) amount: number;
  @ApiProperty({ example: 49.99, description: 'Still to pay' }) residual: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: 'open', enum: ['draft', 'open', 'partial', 'in_payment', 'paid', 'reversed', 'cancelled'] }) status: string;
  @ApiProperty({ example: 'not_paid', nullable: true, type: String, description: 'Odoo payment_state' }) payment_state: string | null;
  @ApiProperty({ example: true }) is_overdue: boolean;
  @ApiProperty({ example: 12, description: 'Days past due in the customer\'s time zone' }) days_overdue: number;
  @ApiProperty({ example: 'https://erp.example.com/my/invoices/311?access_token=5b1e…', nullable: true, type: String, description: 'Odoo portal page of the invoice (pay online there), when the Odoo portal is enabled' })
  payment_url: string | null;
}

export class InvoiceLineDto {
  @ApiProperty({ example: 901 }) id: number;
  @ApiProperty({ example: 'Home Fibre 100 Mbps – March' }) description: string;
  @ApiProperty({ example: 49.99 }) amount: number;
  @ApiProperty({ example: 'sub:118', nullable: true, type: String, description: 'The service this line bills, when known' }) service_id: string | null;
}

export class InvoiceDetailDto extends InvoiceDto {
  @ApiProperty({ type: [InvoiceLineDto] }) lines: InvoiceLineDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}

export class PaymentDto {
  @ApiProperty({ example: 77 }) id: number;
  @ApiProperty({ example: 'PBNK1/2025/00031' }) reference: string;
  @ApiProperty({ example: '2025-03-03', nullable: true, type: String }) date: string | null;
  @ApiProperty({ example: 49.99 }) amount: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: 'Bank', nullable: true, type: String }) method: string | null;
  @ApiProperty({ example: 'posted', enum: ['pending_verification', 'posted', 'paid', 'cancelled', 'rejected'] }) status: string;
}

export class OverdueInvoiceDto {
  @ApiProperty({ example: 311 }) invoice_id: number;
  @ApiProperty({ example: 'INV/2025/00017' }) number: string;
  @ApiProperty({ example: '2025-03-15', nullable: true, type: String }) due_date: string | null;
  @ApiProperty({ example: 49.99 }) residual: number;
  @ApiProperty({ example: 12 }) days_overdue: number;
  @ApiProperty({ example: ['sub:118'], type: [String], description: 'Services this invoice bills' }) service_ids: string[];
}

export class ServiceArrearsDto {
  @ApiProperty({ example: 'sub:118' }) service_id: string;
  @ApiProperty({ example: true }) in_arrears: boolean;
  @ApiProperty({ example: 49.99 }) overdue_amount: number;
  @ApiProperty({ example: 12 }) days_overdue: number;
}

export class ArrearsDto {
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: 99.98, description: 'Open amount of all posted invoices' }) total_due: number;
  @ApiProperty({ example: 0, description: 'Open credit notes' }) credit_available: number;
  @ApiProperty({ example: 49.99 }) overdue_total: number;
  @ApiProperty({ example: 12 }) oldest_days_overdue: number;
  @ApiProperty({ type: [OverdueInvoiceDto] }) overdue_invoices: OverdueInvoiceDto[];
  @ApiProperty({ example: 0, description: 'Overdue amount not tied to any service (one-off charges)' }) unattributed_overdue: number;
  @ApiProperty({ type: [ServiceArrearsDto] }) services: ServiceArrearsDto[];
  @ApiProperty({ example: '2025-03-27', description: 'The customer\'s today, in their time zone' }) as_of_date: string;
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}

export class InvoicePageDto extends PageInfoDto {
  @ApiProperty({ type: [InvoiceDto] }) items: InvoiceDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}

export class PaymentPageDto extends PageInfoDto {
  @ApiProperty({ type: [PaymentDto] }) items: PaymentDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}

export class BillingResponseDto {
  @ApiProperty({ type: InvoicePageDto }) invoices: InvoicePageDto;
  @ApiProperty({ type: PaymentPageDto }) payments: PaymentPageDto;
  @ApiProperty({ type: ArrearsDto }) arrears: ArrearsDto;
  @ApiProperty({ example: '/api/odoo/billing/statement?from=2025-01-01&to=2025-03-31' }) statement_url: string;
  @ApiProperty({ example: false, description: 'True when any part is a saved copy' }) stale: boolean;
  @ApiPropertyOptional({ example: { from: '2025-01-01', to: '2025-03-31' }, description: 'The date filter applied' })
  filter?: { from?: string; to?: string; status: string };
}
