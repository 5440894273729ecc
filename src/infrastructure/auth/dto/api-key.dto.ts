import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'pos-store-12' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: ['loyalty:write', 'loyalty:read'], description: 'e.g. admin, loyalty:read, loyalty:write, iot:ingest' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @Matches(/^[a-z][a-z0-9:_-]{1,49}$/, { each: true }) scopes: string[];
  @ApiPropertyOptional({ example: 'partner', enum: ['partner', 'device', 'operator'] })
  @IsOptional() @IsIn(['partner', 'device', 'operator']) ownerType?: 'partner' | 'device' | 'operator';
  @ApiPropertyOptional({ example: 'BAT-000123' }) @IsOptional() @IsString() @MaxLength(120) ownerRef?: string;
  @ApiPropertyOptional({ example: '2027-12-31T00:00:00Z' }) @IsOptional() @IsDateString() expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: '7a1c…' }) id: string;
  @ApiProperty({ example: 'pos-store-12' }) name: string;
  @ApiProperty({ example: '3f9a1c2b7d4e' }) prefix: string;
  @ApiProperty({ example: ['loyalty:write'] }) scopes: string[];
  @ApiProperty({ example: 'partner' }) ownerType: string;
  @ApiPropertyOptional({ example: 'BAT-000123', nullable: true, type: String }) ownerRef: string | null;
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: null }) expiresAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: null }) revokedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: null }) lastUsedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'hub_3f9a1c2b7d4e_Zk…', description: 'Shown once; store it now' }) key: string;
}
