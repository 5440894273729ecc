import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional } from 'class-validator';

export class JobRunDto {
  @ApiProperty({ example: '2026-11-22T02:00:00.120Z' }) startedAt: string;
  @ApiPropertyOptional({ example: '2026-11-22T02:00:04.870Z', nullable: true, type: String }) finishedAt: string | null;
  @ApiPropertyOptional({ example: 4750, nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ example: 'succeeded', enum: ['running', 'succeeded', 'failed'] }) outcome: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) error: string | null;
  @ApiPropertyOptional({ example: { cards: 812, buckets: 1904, points: 40210 }, nullable: true }) result: Record<string, unknown> | null;
}

export class JobStatusDto {
  @ApiProperty({ example: 'loyalty.expire-points' }) name: string;
  @ApiPropertyOptional({ example: '0 2 * * *', nullable: true, type: String }) schedule: string | null;
  @ApiPropertyOptional({ example: 'UTC', nullable: true, type: String }) tz: string | null;
  @ApiPropertyOptional({ type: JobRunDto, nullable: true }) lastRun: JobRunDto | null;
  @ApiPropertyOptional({ type: JobRunDto, nullable: true }) lastSuccess: JobRunDto | null;
  @ApiProperty({ example: 0, description: 'Failures among the last 20 runs' }) recentFailures: number;
}

export class RunJobDto {
  @ApiPropertyOptional({ example: '2026-11-22T02:00:00Z', description: 'Run as of this instant (default: now)' }) @IsOptional() @IsDateString() asOf?: string;
}

export class RunJobResultDto {
  @ApiProperty({ example: 'loyalty.expire-points:manual:1764381600000' }) jobId: string;
  @ApiProperty({ example: 'loyalty.expire-points' }) name: string;
}
