import { ApiProperty } from '@nestjs/swagger';
import { ArrearsDto, InvoiceDto, PaymentDto } from './billing.dto';
import { FreshnessDto } from './freshness.dto';
import { OrderDto } from './orders.dto';
import { ProductDto } from './products.dto';
import { ServiceDto } from './services.dto';
import { TicketDto } from './tickets.dto';

export class DashboardCustomerDto {
  @ApiProperty({ example: 42 }) partner_id: number;
  @ApiProperty({ example: 40 }) commercial_partner_id: number;
  @ApiProperty({ example: 'Amina Kamau' }) name: string;
  @ApiProperty({ example: 'Africa/Nairobi' }) timezone: string;
}

export class DashboardSectionFreshnessDto {
  @ApiProperty({ type: FreshnessDto }) services: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) open_invoices: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) invoices: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) payments: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) tickets: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) orders: FreshnessDto;
  @ApiProperty({ type: FreshnessDto }) products: FreshnessDto;
}

export class DashboardDto {
  @ApiProperty({ type: DashboardCustomerDto }) customer: DashboardCustomerDto;
  @ApiProperty({ type: [ServiceDto] }) services: ServiceDto[];
  @ApiProperty({ type: ArrearsDto }) arrears: ArrearsDto;
  @ApiProperty({ type: [InvoiceDto], description: 'Latest invoices' }) recent_invoices: InvoiceDto[];
  @ApiProperty({ type: [PaymentDto], description: 'Latest payments' }) recent_payments: PaymentDto[];
  @ApiProperty({ type: [TicketDto], description: 'Latest tickets' }) tickets: TicketDto[];
  @ApiProperty({ example: 1, description: 'Tickets not closed' }) open_tickets: number;
  @ApiProperty({ type: [OrderDto], description: 'Latest orders' }) recent_orders: OrderDto[];
  @ApiProperty({ type: [ProductDto] }) products: ProductDto[];
  @ApiProperty({ example: false, description: 'True when any section is a saved copy' }) stale: boolean;
  @ApiProperty({ type: DashboardSectionFreshnessDto }) freshness: DashboardSectionFreshnessDto;
}
