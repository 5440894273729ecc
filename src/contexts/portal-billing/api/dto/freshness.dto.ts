import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FreshnessDto {
  @ApiProperty({ example: 'odoo', enum: ['odoo', 'local_copy'], description: 'odoo = read live; local_copy = the hub\'s saved copy' })
  source: 'odoo' | 'local_copy';
  @ApiProperty({ example: false, description: 'True when Odoo could not be reached and the last saved copy is shown' })
  stale: boolean;
  @ApiProperty({ example: '2025-03-10T08:15:00.000Z', description: 'When this data was read from Odoo' })
  as_of: string;
  @ApiProperty({ example: 0, description: 'Age of the data in seconds' })
  age_seconds: number;
  @ApiPropertyOptional({ example: 'ODOO.TIMEOUT', description: 'Why a saved copy is shown' })
  reason?: string;
}

export class PageInfoDto {
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) page_size: number;
  @ApiProperty({ example: 57 }) total: number;
}
