import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageMetaDto, TimeRangePageQueryDto } from '../../http/paging';

export class AuditQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ example: 'odoo', description: 'odoo, cartona, abs, mqtt, webhook, hub …' })
  @IsOptional() @IsString() @MaxLength(40) @Matches(/^[a-z0-9_-]+$/) system?: string;
  @ApiPropertyOptional({ example: 'outbound', enum: ['inbound', 'outbound'] }) @IsOptional() @IsIn(['inbound', 'outbound']) direction?: string;
  @ApiPropertyOptional({ example: 'error', enum: ['ok', 'error'] }) @IsOptional() @IsIn(['ok', 'error']) status?: string;
  @ApiPropertyOptional({ example: 'sale.order', description: 'Substring of the operation, case-insensitive' })
  @IsOptional() @IsString() @MaxLength(200) operation?: string;
  @ApiPropertyOptional({ example: 'cartona-order-8812' }) @IsOptional() @IsString() @MaxLength(200) correlationId?: string;
  @ApiPropertyOptional({ example: '5f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a' }) @IsOptional() @IsString() @MaxLength(128) requestId?: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '18231' }) id: string;
  @ApiProperty({ example: '2026-11-22T12:03:10.120Z' }) occurredAt: string;
  @ApiProperty({ example: 'odoo' }) system: string;
  @ApiProperty({ example: 'outbound', enum: ['inbound', 'outbound'] }) direction: string;
  @ApiProperty({ example: 'sale.order.create' }) operation: string;
  @ApiPropertyOptional({ example: 'cartona-order-8812', nullable: true, type: String }) correlationId: string | null;
  @ApiPropertyOptional({ example: '5f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ example: 'ok', enum: ['ok', 'error'] }) status: string;
  @ApiPropertyOptional({ example: 84, nullable: true, type: Number }) durationMs: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) error: string | null;
  @ApiPropertyOptional({ example: { saleOrderId: 41 }, nullable: true, type: 'object', additionalProperties: true })
  details: Record<string, unknown> | null;
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
}
