import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { ValidationFailed } from '../errors';

export const MAX_PAGE_SIZE = 200;

/** `?limit=&offset=` on every admin list; unknown query parameters are rejected by the global pipe. */
export class PageQueryDto {
  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = 50;

  @ApiPropertyOptional({ example: 0, minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000)
  offset: number = 0;
}

/** A half-open time window `[from, to)` in ISO 8601. */
export class TimeRangePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Inclusive lower bound (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-02T00:00:00Z', description: 'Exclusive upper bound (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;
}

/** Parses a validated `from`/`to` pair and rejects an inverted window. */
export function timeRange(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from >= to) throw new ValidationFailed('`from` must be before `to`', { from: ['must be before to'] });
  return { from, to };
}

/** Paging fields of every list response; each list DTO adds its typed `items`. */
export class PageMetaDto {
  @ApiProperty({ example: 134, description: 'Rows matching the filter' }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export function pageOf<T>(items: T[], total: number, q: PageQueryDto): { items: T[]; total: number; limit: number; offset: number } {
  return { items, total, limit: q.limit, offset: q.offset };
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
