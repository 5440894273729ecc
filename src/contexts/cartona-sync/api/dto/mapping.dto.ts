import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ImportMappingCsvDto {
  @ApiProperty({ example: 'odoo_product_id,supplier_product_id,internal_product_id,unlimited_stock\n42,110774,,false\n', description: 'CSV text' })
  @IsString() @MinLength(1) @MaxLength(5_000_000) csv: string;
}
export class LinkFromFieldDto {
  @ApiPropertyOptional({ example: 'x_cartona_id', description: 'Odoo product field holding supplier_product_id; detected when omitted' })
  @IsOptional() @IsString() @Matches(/^[a-z_][a-z0-9_]{0,62}$/) field?: string;
}
export class MatchByCodeDto {
  @ApiPropertyOptional({ example: true, description: 'Save the matches (and set internal_product_id on Cartona under that strategy); false = dry run' })
  @IsOptional() @IsBoolean() apply?: boolean;
}
export class ImportResultDto {
  @ApiProperty({ example: 120 }) imported: number;
  @ApiPropertyOptional({ example: 'x_cartona_id' }) field?: string;
}
export class ConflictItemDto {
  @ApiProperty({ example: '2 Cartona products carry this internal_product_id' }) reason: string;
  @ApiPropertyOptional({ example: '110774', nullable: true, type: String }) supplierProductId?: string | null;
  @ApiPropertyOptional({ example: '479', nullable: true, type: String }) internalProductId?: string | null;
  @ApiPropertyOptional({ example: [42, 43], type: [Number] }) odooProductIds?: number[];
}
export class MatchResultDto {
  @ApiProperty({ example: 37 }) matched: number;
  @ApiProperty({ type: [ConflictItemDto] }) ambiguous: ConflictItemDto[];
}
export class LinkedItemDto {
  @ApiProperty({ example: 42 }) odooProductId: number;
  @ApiPropertyOptional({ example: '110774', nullable: true, type: String }) supplierProductId: string | null;
  @ApiPropertyOptional({ example: '42', nullable: true, type: String }) internalProductId: string | null;
}
export class UnlinkedOdooDto {
  @ApiProperty({ example: 43 }) odooProductId: number;
  @ApiProperty({ example: 'Pepsi 330ml' }) name: string;
  @ApiPropertyOptional({ example: 'PEP-330', nullable: true, type: String }) defaultCode: string | null;
  @ApiPropertyOptional({ example: '6221031000019', nullable: true, type: String }) barcode: string | null;
}
export class UnlinkedCartonaDto {
  @ApiPropertyOptional({ example: '110775', nullable: true, type: String }) supplierProductId: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) internalProductId: string | null;
  @ApiPropertyOptional({ example: 'ليبتون شاي اسود', nullable: true, type: String }) name: string | null;
}
export class LinkReportDto {
  @ApiProperty({ type: [LinkedItemDto] }) linked: LinkedItemDto[];
  @ApiProperty({ type: [UnlinkedOdooDto] }) unlinkedOdoo: UnlinkedOdooDto[];
  @ApiProperty({ type: [UnlinkedCartonaDto] }) unlinkedCartona: UnlinkedCartonaDto[];
  @ApiProperty({ type: [ConflictItemDto] }) conflicts: ConflictItemDto[];
}
