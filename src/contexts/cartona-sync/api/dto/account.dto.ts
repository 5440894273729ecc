import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CANCELLATION_REASONS } from '../../domain/cartona-status';

class AccountSettingsDto {
  @ApiPropertyOptional({ example: 'ABC1', description: 'internal_supplier_code when one token covers several supplier accounts' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/) supplierCode?: string;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) odooWarehouseId?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) odooCompanyId?: number;
  @ApiPropertyOptional({ example: 3, description: 'Pricelist whose price is pushed instead of the sale price' }) @IsOptional() @IsInt() @Min(1) odooPricelistId?: number;
  @ApiPropertyOptional({ example: 'internal_product_id', enum: ['internal_product_id', 'supplier_product_id'] })
  @IsOptional() @IsIn(['internal_product_id', 'supplier_product_id']) matchingStrategy?: 'internal_product_id' | 'supplier_product_id';
  @ApiPropertyOptional({ example: 'x_cartona_id' }) @IsOptional() @IsString() @Matches(/^[a-z_][a-z0-9_]{0,62}$/) odooProductField?: string;
  @ApiPropertyOptional({ example: 'strip', enum: ['strip', 'exact', 'reject'], description: 'How "904#2"-style internal ids are matched' })
  @IsOptional() @IsIn(['strip', 'exact', 'reject']) internalIdSuffixPolicy?: 'strip' | 'exact' | 'reject';
  @ApiPropertyOptional({ example: 'string', enum: ['string', 'number'], description: 'selling_price as "12.5" (Cartona module) or 12.5 (Cartona doc)' })
  @IsOptional() @IsIn(['string', 'number']) priceFormat?: 'string' | 'number';
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() pushPrices?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() pushStock?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() importOrders?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() pushStatuses?: boolean;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(1) @Max(1000) batchSize?: number;
  @ApiPropertyOptional({ example: 1000 }) @IsOptional() @IsInt() @Min(0) @Max(5000) flushDelayMs?: number;
  @ApiPropertyOptional({ example: 'readback', enum: ['readback', 'none'] }) @IsOptional() @IsIn(['readback', 'none']) verifyMode?: 'readback' | 'none';
  @ApiPropertyOptional({ example: 30000 }) @IsOptional() @IsInt() @Min(100) @Max(300000) timeoutMs?: number;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(1) @Max(1000) pullPerPage?: number;
  @ApiPropertyOptional({ example: 20 }) @IsOptional() @IsInt() @Min(1) @Max(500) pullMaxPages?: number;
  @ApiPropertyOptional({ example: 'supplier_asked_me_to_cancel', enum: CANCELLATION_REASONS })
  @IsOptional() @IsIn(CANCELLATION_REASONS as unknown as string[]) defaultCancellationReason?: string;
  @ApiPropertyOptional({ example: 'user_id', description: 'stock.picking field naming the delivery person' })
  @IsOptional() @IsString() @Matches(/^[a-z_][a-z0-9_]{0,62}$/) assignmentField?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class CreateCartonaAccountDto extends AccountSettingsDto {
  @ApiProperty({ example: 'Alexandria warehouse' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 'https://supplier-integrations.cartona.com/api/v1/' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) apiBaseUrl: string;
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9…', description: 'Cartona integration token (write-only)' }) @IsString() @MinLength(8) @MaxLength(4000) apiToken: string;
}

export class UpdateCartonaAccountDto extends AccountSettingsDto {
  @ApiPropertyOptional({ example: 'Alexandria warehouse' }) @IsOptional() @IsString() @MinLength(2) @MaxLength(120) name?: string;
  @ApiPropertyOptional({ example: 'https://supplier-integrations.cartona.space/api/v1/' })
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) apiBaseUrl?: string;
  @ApiPropertyOptional({ example: 'eyJhbGciOiJIUzI1NiJ9…' }) @IsOptional() @IsString() @MinLength(8) @MaxLength(4000) apiToken?: string;
}

export class CartonaAccountDto {
  @ApiProperty({ example: '1b3f…' }) id: string;
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ example: true }) isDefault: boolean;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ example: 'https://supplier-integrations.cartona.com/api/v1/' }) apiBaseUrl: string;
  @ApiProperty({ example: '…x9Qz', description: 'Last characters of the token; the token itself is never shown' }) tokenHint: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) supplierCode: string | null;
  @ApiPropertyOptional({ example: 1, nullable: true, type: Number }) odooWarehouseId: number | null;
  @ApiPropertyOptional({ example: 1, nullable: true, type: Number }) odooCompanyId: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: Number }) odooPricelistId: number | null;
  @ApiProperty({ example: 'internal_product_id' }) matchingStrategy: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) odooProductField: string | null;
  @ApiProperty({ example: 'strip' }) internalIdSuffixPolicy: string;
  @ApiProperty({ example: 'string' }) priceFormat: string;
  @ApiProperty({ example: true }) pushPrices: boolean;
  @ApiProperty({ example: true }) pushStock: boolean;
  @ApiProperty({ example: true }) importOrders: boolean;
  @ApiProperty({ example: true }) pushStatuses: boolean;
  @ApiProperty({ example: 100 }) batchSize: number;
  @ApiProperty({ example: 1000 }) flushDelayMs: number;
  @ApiProperty({ example: 'readback' }) verifyMode: string;
  @ApiProperty({ example: 30000 }) timeoutMs: number;
  @ApiProperty({ example: 100 }) pullPerPage: number;
  @ApiProperty({ example: 20 }) pullMaxPages: number;
  @ApiProperty({ example: 'supplier_asked_me_to_cancel' }) defaultCancellationReason: string;
  @ApiProperty({ example: 'user_id' }) assignmentField: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) rateLimitedUntil: string | null;
}

export class ConnectionTestDto {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiPropertyOptional({ example: 'CARTONA.BAD_TOKEN' }) code?: string;
  @ApiPropertyOptional({ example: 'Cartona rejected the integration token' }) message?: string;
  @ApiProperty({ example: 84 }) durationMs: number;
}
