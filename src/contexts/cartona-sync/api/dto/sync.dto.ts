import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { CANCELLATION_REASONS } from '../../domain/cartona-status';

export class PageQueryDto {
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ example: '1b3f0c9e-5a77-4f0a-9b0e-2f1f0e6c7a11' }) @IsOptional() @IsUUID() accountId?: string;
}
export class ProductQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'error', enum: ['idle', 'pending', 'in_flight', 'synced', 'error'] })
  @IsOptional() @IsIn(['idle', 'pending', 'in_flight', 'synced', 'error']) state?: string;
}
export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'held', enum: ['received', 'importing', 'held', 'imported', 'conflict', 'failed'] })
  @IsOptional() @IsIn(['received', 'importing', 'held', 'imported', 'conflict', 'failed']) state?: string;
  @ApiPropertyOptional({ example: 'failed', enum: ['idle', 'pending', 'failed', 'rejected', 'waiting_otp'] })
  @IsOptional() @IsIn(['idle', 'pending', 'failed', 'rejected', 'waiting_otp']) statusPushState?: string;
}
export class ErrorQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'order', enum: ['product', 'order', 'ack', 'status', 'details', 'pull', 'push', 'mapping'] })
  @IsOptional() @IsIn(['product', 'order', 'ack', 'status', 'details', 'pull', 'push', 'mapping']) kind?: string;
}
export class RetailerOtpDto {
  @ApiProperty({ example: '123456' }) @IsString() @Matches(/^[A-Za-z0-9]{3,12}$/) retailerOtp: string;
}
export class CancelOrderDto {
  @ApiProperty({ example: 'out_of_stock', enum: CANCELLATION_REASONS }) @IsIn(CANCELLATION_REASONS as unknown as string[]) reason: string;
}

export class ProductSyncDto {
  @ApiProperty({ example: '9d1e…' }) id: string;
  @ApiProperty({ example: '1b3f…' }) accountId: string;
  @ApiProperty({ example: 42 }) odooProductId: number;
  @ApiPropertyOptional({ example: '110774', nullable: true, type: String }) supplierProductId: string | null;
  @ApiPropertyOptional({ example: '42', nullable: true, type: String }) internalProductId: string | null;
  @ApiProperty({ example: 'synced' }) syncState: string;
  @ApiPropertyOptional({ example: 12.5, nullable: true, type: Number }) cartonaPrice: number | null;
  @ApiPropertyOptional({ example: 40, nullable: true, type: Number }) cartonaStock: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: Number }) pendingPrice: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: Number }) pendingStock: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) pendingSince: string | null;
  @ApiProperty({ example: 0 }) attempts: number;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:00:00.000Z', nullable: true, type: String }) lastPushedAt: string | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:00:01.000Z', nullable: true, type: String }) confirmedAt: string | null;
}
export class ProductSyncPageDto {
  @ApiProperty({ type: [ProductSyncDto] }) items: ProductSyncDto[];
  @ApiProperty({ example: 1 }) total: number;
}
export class OrderSyncDto {
  @ApiProperty({ example: 'pPX2wRNM' }) hashedId: string;
  @ApiProperty({ example: '1b3f…' }) accountId: string;
  @ApiProperty({ example: 'imported' }) state: string;
  @ApiPropertyOptional({ example: 'approved', nullable: true, type: String }) cartonaStatus: string | null;
  @ApiPropertyOptional({ example: 57, nullable: true, type: Number }) odooOrderId: number | null;
  @ApiPropertyOptional({ example: 'S00057', nullable: true, type: String }) odooOrderName: string | null;
  @ApiPropertyOptional({ example: 'sale', nullable: true, type: String }) odooState: string | null;
  @ApiProperty({ example: true }) acknowledged: boolean;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) errorCode: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ example: 'idle' }) statusPushState: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) statusTarget: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) statusPushError: string | null;
  @ApiProperty({ example: 'standard' }) paymentMethod: string | null;
  @ApiProperty({ example: false }) needsOtp: boolean;
  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' }) firstSeenAt: string;
  @ApiProperty({ example: '2026-11-30T10:05:00.000Z' }) lastSeenAt: string;
}
export class OrderSyncPageDto {
  @ApiProperty({ type: [OrderSyncDto] }) items: OrderSyncDto[];
  @ApiProperty({ example: 1 }) total: number;
}
export class SyncErrorDto {
  @ApiProperty({ example: 'c0a1…' }) id: string;
  @ApiPropertyOptional({ example: '1b3f…', nullable: true, type: String }) accountId: string | null;
  @ApiProperty({ example: 'order' }) kind: string;
  @ApiProperty({ example: 'pPX2wRNM' }) ref: string;
  @ApiProperty({ example: 'UNMAPPED_PRODUCT' }) code: string;
  @ApiProperty({ example: 'Cartona order pPX2wRNM has 1 line(s) not linked to Odoo products' }) message: string;
  @ApiPropertyOptional({ example: { problems: ['line 1 …'] }, type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ example: 3 }) occurrences: number;
  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' }) firstAt: string;
  @ApiProperty({ example: '2026-11-30T10:03:00.000Z' }) lastAt: string;
}
export class SyncErrorPageDto {
  @ApiProperty({ type: [SyncErrorDto] }) items: SyncErrorDto[];
  @ApiProperty({ example: 1 }) total: number;
}
export class RetryResultDto {
  @ApiProperty({ example: 4 }) retried: number;
}
export class ActionResultDto {
  @ApiProperty({ example: 'queued' }) result: string;
  @ApiPropertyOptional({ example: { batches: 2 }, type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
}
export class AccountDashboardDto {
  @ApiProperty({ example: '1b3f…' }) accountId: string;
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ example: { synced: 120, pending: 3, error: 1 }, type: 'object', additionalProperties: { type: 'number' } }) products: Record<string, number>;
  @ApiProperty({ example: { imported: 50, held: 1 }, type: 'object', additionalProperties: { type: 'number' } }) orders: Record<string, number>;
  @ApiProperty({ example: 0 }) ordersUnacknowledged: number;
  @ApiProperty({ example: { idle: 50, failed: 1 }, type: 'object', additionalProperties: { type: 'number' } }) statusPushes: Record<string, number>;
  @ApiProperty({ example: { order: 1 }, type: 'object', additionalProperties: { type: 'number' } }) openErrors: Record<string, number>;
  @ApiPropertyOptional({ example: 1.2, nullable: true, type: Number, description: 'Age in seconds of the oldest price/stock change not yet on Cartona' }) pushLagSeconds: number | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:05:00.000Z', nullable: true, type: String }) lastPullOkAt: string | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:05:00.000Z', nullable: true, type: String }) lastPullAttemptAt: string | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:05:01.000Z', nullable: true, type: String }) lastPushOkAt: string | null;
  @ApiPropertyOptional({ example: '2026-11-30T10:04:00.000Z', nullable: true, type: String }) lastStatusPushOkAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) rateLimitedUntil: string | null;
}
export class DashboardDto {
  @ApiProperty({ type: [AccountDashboardDto] }) accounts: AccountDashboardDto[];
}
export class WebhookAcceptedDto {
  @ApiProperty({ example: 1 }) accepted: number;
  @ApiProperty({ example: 0 }) duplicates: number;
}
