import { ApiProperty } from '@nestjs/swagger';
import { FreshnessDto, PageInfoDto } from './freshness.dto';

export class OrderStepDto {
  @ApiProperty({ example: 'confirmed', enum: ['quotation', 'confirmed', 'shipping', 'delivered', 'invoiced', 'paid'] }) key: string;
  @ApiProperty({ example: 'Order confirmed' }) label: string;
  @ApiProperty({ example: true }) done: boolean;
}

export class OrderDto {
  @ApiProperty({ example: 204 }) id: number;
  @ApiProperty({ example: 'S00204' }) reference: string;
  @ApiProperty({ example: '2025-03-02T10:00:00.000Z', nullable: true, type: String }) date: string | null;
  @ApiProperty({ example: 'sale', enum: ['draft', 'sent', 'sale', 'done', 'cancel'], description: 'Odoo order state' }) state: string;
  @ApiProperty({ example: 599 }) amount: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: 'shipping', enum: ['quotation', 'confirmed', 'shipping', 'delivered', 'invoiced', 'paid', 'cancelled'] }) stage: string;
  @ApiProperty({ example: 50, description: '0–100' }) progress: number;
  @ApiProperty({ type: [OrderStepDto] }) steps: OrderStepDto[];
  @ApiProperty({ example: 'to invoice', nullable: true, type: String }) invoice_status: string | null;
  @ApiProperty({ example: 'partial', nullable: true, type: String }) delivery_status: string | null;
}

export class OrderPageDto extends PageInfoDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}
