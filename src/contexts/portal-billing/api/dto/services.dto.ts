import { ApiProperty } from '@nestjs/swagger';
import { FreshnessDto } from './freshness.dto';

export class ServiceDto {
  @ApiProperty({ example: 'sub:118', description: 'Stable service id: sub:<subscription id> or line:<sale line id>' }) id: string;
  @ApiProperty({ example: 118, description: 'Odoo sale.order id (the subscription)' }) order_id: number;
  @ApiProperty({ example: 'SUB/2025/0012' }) order_reference: string;
  @ApiProperty({ example: 'Home Fibre 100 Mbps' }) name: string;
  @ApiProperty({ example: 'active', enum: ['active', 'paused', 'pending', 'closed'] }) status: string;
  @ApiProperty({ example: 'fibre', enum: ['fibre', 'wireless', 'starlink', 'other'] }) service_type: string;
  @ApiProperty({ example: 49.99 }) monthly_fee: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: '2025-01-05', nullable: true, type: String }) start_date: string | null;
  @ApiProperty({ example: '2025-04-05', nullable: true, type: String }) next_billing_date: string | null;
  @ApiProperty({ example: true, description: 'Always true: plans have no data cap' }) is_unlimited: true;
  @ApiProperty({ example: 'Unlimited' }) bandwidth: 'Unlimited';
  @ApiProperty({ example: '100 Mbps', nullable: true, type: String, description: 'Speed advertised in the plan name, if any' }) speed: string | null;
  @ApiProperty({ example: 'ok', enum: ['ok', 'overdue'], description: 'overdue when an overdue invoice bills this service' }) billing_status: 'ok' | 'overdue';
  @ApiProperty({ example: 0 }) overdue_amount: number;
  @ApiProperty({ example: 0 }) days_overdue: number;
  @ApiProperty({ example: [], type: [Number] }) overdue_invoice_ids: number[];
}

export class ServicesResponseDto {
  @ApiProperty({ type: [ServiceDto] }) services: ServiceDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}
