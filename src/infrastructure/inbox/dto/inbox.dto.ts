import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageMetaDto, TimeRangePageQueryDto } from '../../http/paging';

export class InboxQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ example: 'failed', enum: ['received', 'processing', 'processed', 'failed'] })
  @IsOptional() @IsIn(['received', 'processing', 'processed', 'failed']) status?: 'received' | 'processing' | 'processed' | 'failed';
  @ApiPropertyOptional({ example: 'cartona' }) @IsOptional() @IsString() @MaxLength(64) @Matches(/^[A-Za-z0-9._:-]+$/) source?: string;
  @ApiPropertyOptional({ example: 'ord_8812-approved' }) @IsOptional() @IsString() @MaxLength(200) eventId?: string;
}

export class InboxMessageDto {
  @ApiProperty({ example: 'c3a0f3c2-6a55-4f0e-9a0b-1f5b3f0d8e77' }) id: string;
  @ApiProperty({ example: 'cartona' }) source: string;
  @ApiProperty({ example: 'ord_8812-approved' }) eventId: string;
  @ApiProperty({ example: 'failed', enum: ['received', 'processing', 'processed', 'failed'] }) status: string;
  @ApiProperty({ example: '2026-11-22T12:03:10.120Z' }) receivedAt: string;
  @ApiPropertyOptional({ example: '2026-11-22T12:03:10.300Z', nullable: true, type: String }) startedAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) processedAt: string | null;
  @ApiProperty({ example: 3 }) attempts: number;
  @ApiPropertyOptional({ example: 'Odoo unavailable', nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({ example: '5f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a', nullable: true, type: String }) requestId: string | null;
}

export class InboxMessageDetailDto extends InboxMessageDto {
  @ApiProperty({ example: { hashed_id: 'ord_8812', status: 'approved' }, type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;
}

export class InboxPageDto extends PageMetaDto {
  @ApiProperty({ type: [InboxMessageDto] }) items: InboxMessageDto[];
}
