import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PageQueryDto {
  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ example: 20, default: 20, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) page_size?: number;
  @ApiPropertyOptional({ example: '2025-01-01', description: 'From this date (YYYY-MM-DD), inclusive' })
  @IsOptional() @Matches(DATE, { message: 'from must be YYYY-MM-DD' }) from?: string;
  @ApiPropertyOptional({ example: '2025-03-31', description: 'Up to this date (YYYY-MM-DD), inclusive' })
  @IsOptional() @Matches(DATE, { message: 'to must be YYYY-MM-DD' }) to?: string;
}

export class BillingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'all', enum: ['open', 'paid', 'all'], default: 'all', description: 'Which invoices to list' })
  @IsOptional() @IsIn(['open', 'paid', 'all']) status?: 'open' | 'paid' | 'all';
}

export class StatementQueryDto {
  @ApiPropertyOptional({ example: '2025-01-01', description: 'Period start (default: first day of the month two months ago)' })
  @IsOptional() @Matches(DATE, { message: 'from must be YYYY-MM-DD' }) from?: string;
  @ApiPropertyOptional({ example: '2025-03-31', description: 'Period end (default: today in your time zone)' })
  @IsOptional() @Matches(DATE, { message: 'to must be YYYY-MM-DD' }) to?: string;
}
