import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageMetaDto, TimeRangePageQueryDto } from '../../http/paging';

const NAME_RE = /^[A-Za-z0-9._:-]+$/;

export class DeadLetterQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ example: 'cartona-sync' }) @IsOptional() @IsString() @MaxLength(100) @Matches(NAME_RE) queue?: string;
  @ApiPropertyOptional({ example: 'cartona.push-prices' }) @IsOptional() @IsString() @MaxLength(150) @Matches(NAME_RE) jobName?: string;
  @ApiPropertyOptional({ example: 'dead', enum: ['dead', 'replayed', 'discarded'] })
  @IsOptional() @IsIn(['dead', 'replayed', 'discarded']) status?: 'dead' | 'replayed' | 'discarded';
}

export class ReplayDeadLettersDto {
  @ApiPropertyOptional({ example: 'cartona-sync', description: 'Only this queue' })
  @IsOptional() @IsString() @MaxLength(100) @Matches(NAME_RE) queue?: string;
  @ApiPropertyOptional({ example: 'cartona.push-prices', description: 'Only this job name' })
  @IsOptional() @IsString() @MaxLength(150) @Matches(NAME_RE) jobName?: string;
  @ApiPropertyOptional({ example: '2026-11-22T12:00:00Z', description: 'Only rows that failed before this instant' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/, { message: 'failedBefore must be an ISO 8601 date-time' }) failedBefore?: string;
  @ApiPropertyOptional({ example: 100, default: 100, minimum: 1, maximum: 1000, description: 'Replay at most this many (oldest first)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit: number = 100;
}

export class DeadLetterDto {
  @ApiProperty({ example: '5b0e7c1a-3f7e-4d2b-9a51-0c2f8e6d4b11' }) id: string;
  @ApiProperty({ example: 'cartona-sync' }) queue: string;
  @ApiProperty({ example: 'cartona.push-prices' }) jobName: string;
  @ApiProperty({ example: 'prices:2026-11-22T12:00' }) jobId: string;
  @ApiProperty({ example: 'Cartona answered 503 Service Unavailable' }) error: string;
  @ApiProperty({ example: 5 }) attempts: number;
  @ApiProperty({ example: false, description: 'Failed permanently (not retried)' }) permanent: boolean;
  @ApiProperty({ example: 'dead', enum: ['dead', 'replayed', 'discarded'] }) status: string;
  @ApiProperty({ example: '2026-11-22T12:03:10.000Z' }) failedAt: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) replayedAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) replayJobId: string | null;
  @ApiProperty({ example: 0 }) replayCount: number;
}

export class DeadLetterDetailDto extends DeadLetterDto {
  @ApiProperty({ example: { sku: 'A-1', meta: { idempotencyKey: 'prices:A-1' } }, type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;
}

export class DeadLetterPageDto extends PageMetaDto {
  @ApiProperty({ type: [DeadLetterDto] }) items: DeadLetterDto[];
}

class ReplayFailureDto {
  @ApiProperty({ example: '5b0e7c1a-3f7e-4d2b-9a51-0c2f8e6d4b11' }) id: string;
  @ApiProperty({ example: 'Queue old-queue is not registered here' }) error: string;
}

export class ReplayManyResultDto {
  @ApiProperty({ example: 3, description: 'Dead rows that matched the filter' }) matched: number;
  @ApiProperty({ example: ['5b0e7c1a-3f7e-4d2b-9a51-0c2f8e6d4b11'], type: [String] }) replayed: string[];
  @ApiProperty({ type: [ReplayFailureDto] }) failed: ReplayFailureDto[];
}
