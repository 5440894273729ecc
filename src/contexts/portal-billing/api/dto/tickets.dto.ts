import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { FreshnessDto } from './freshness.dto';

export class CreateTicketDto {
  @ApiProperty({ example: 'No internet since this morning', minLength: 3, maxLength: 200 })
  @IsString() @MinLength(3) @MaxLength(200) @Matches(/\S/, { message: 'subject must not be blank' }) subject: string;

  @ApiProperty({ example: 'The router shows a red LOS light since 7am. Already restarted it twice.', minLength: 10, maxLength: 5000 })
  @IsString() @MinLength(10) @MaxLength(5000) description: string;

  @ApiPropertyOptional({ example: 'high', enum: ['low', 'medium', 'high', 'urgent'], default: 'medium' })
  @IsOptional() @IsIn(['low', 'medium', 'high', 'urgent']) priority?: 'low' | 'medium' | 'high' | 'urgent';

  @ApiPropertyOptional({ example: 'sub:118', description: 'Which of your services this is about (an id from GET /api/odoo/services)' })
  @IsOptional() @IsString() @MaxLength(40) service_id?: string;
}

export class TicketDto {
  @ApiProperty({ example: '6c1f3a52-93b4-4f8e-b0d6-0f3f8d1e2a77', description: 'Hub id of the ticket' }) id: string;
  @ApiProperty({ example: 'PT-7K2M9Q4R', nullable: true, type: String, description: 'Portal reference (quote it to support)' }) reference: string | null;
  @ApiProperty({ example: 1204, nullable: true, type: Number, description: 'Odoo record id once created there' }) odoo_id: number | null;
  @ApiProperty({ example: 'No internet since this morning' }) subject: string;
  @ApiProperty({ example: 'The router shows a red LOS light since 7am.' }) description: string;
  @ApiProperty({ example: 'In Progress', description: 'Odoo stage, or Queued while waiting for Odoo' }) status: string;
  @ApiProperty({ example: 'high', enum: ['low', 'medium', 'high', 'urgent'] }) priority: string;
  @ApiProperty({ example: false }) is_closed: boolean;
  @ApiProperty({ example: 'synced', enum: ['pending', 'synced', 'failed'], description: 'pending = accepted, not yet in Odoo' }) sync_status: string;
  @ApiProperty({ example: '2025-03-10T08:15:00.000Z' }) created_at: string;
}

export class TicketListDto {
  @ApiProperty({ type: [TicketDto] }) tickets: TicketDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}

export class CreatedTicketDto extends TicketDto {
  @ApiProperty({ example: false, description: 'True when Odoo was unavailable: the ticket is saved and will be created in Odoo shortly' })
  queued: boolean;
}
