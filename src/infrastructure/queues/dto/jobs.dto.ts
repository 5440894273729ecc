import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageMetaDto, TimeRangePageQueryDto } from '../../http/paging';

const NAME_RE = /^[A-Za-z0-9._:-]+$/;

export class JobRunQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ example: 'loyalty' }) @IsOptional() @IsString() @MaxLength(100) @Matches(NAME_RE) queue?: string;
  @ApiPropertyOptional({ example: 'loyalty.expire-points' }) @IsOptional() @IsString() @MaxLength(150) @Matches(NAME_RE) jobName?: string;
  @ApiPropertyOptional({ example: 'failed', enum: ['running', 'succeeded', 'failed'] })
  @IsOptional() @IsIn(['running', 'succeeded', 'failed']) outcome?: 'running' | 'succeeded' | 'failed';
}

export class JobRunDto {
  @ApiProperty({ example: '2d0c9f7e-1b1a-4c1e-8d6f-0e9a3c7b5f21' }) id: string;
  @ApiProperty({ example: 'loyalty' }) queue: string;
  @ApiProperty({ example: 'loyalty.expire-points' }) jobName: string;
  @ApiPropertyOptional({ example: 'repeat:loyalty.expire-points:1795996800000', nullable: true, type: String }) jobId: string | null;
  @ApiProperty({ example: '2026-11-22T00:00:00.012Z' }) startedAt: string;
  @ApiPropertyOptional({ example: '2026-11-22T00:00:02.310Z', nullable: true, type: String }) finishedAt: string | null;
  @ApiPropertyOptional({ example: 2298, nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ example: 'succeeded', enum: ['running', 'succeeded', 'failed'] }) outcome: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) error: string | null;
  @ApiPropertyOptional({ example: { expired: 1204 }, nullable: true, type: 'object', additionalProperties: true })
  result: Record<string, unknown> | null;
}

export class JobRunPageDto extends PageMetaDto {
  @ApiProperty({ type: [JobRunDto] }) items: JobRunDto[];
}

export class ScheduledJobDto {
  @ApiProperty({ example: 'loyalty' }) queue: string;
  @ApiProperty({ example: 'loyalty.expire-points' }) name: string;
  @ApiPropertyOptional({ example: '0 2 * * *', nullable: true, type: String }) cron: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: Number }) everyMs: number | null;
  @ApiPropertyOptional({ example: 'Africa/Cairo', nullable: true, type: String }) tz: string | null;
  @ApiPropertyOptional({ example: '2026-11-23T00:00:00.000Z', nullable: true, type: String, description: 'Null until a worker registered the schedule' })
  nextRunAt: string | null;
  @ApiPropertyOptional({ type: JobRunDto, nullable: true, description: 'Null if it never ran' }) lastRun: JobRunDto | null;
}

export class ManualRunDto {
  @ApiProperty({ example: 'loyalty' }) queue: string;
  @ApiProperty({ example: 'loyalty.expire-points' }) name: string;
  @ApiProperty({ example: 'manual:loyalty.expire-points:1795996800000' }) jobId: string;
}
