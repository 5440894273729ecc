import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { ABS_EVENT_ACTIONS, type AbsEventAction } from '../../domain/abs-event';

export class AbsActorDto {
  @ApiProperty({ example: 'agent' }) @IsString() @Length(1, 40) type: string;
  @ApiProperty({ example: 'bss-agent-v2' }) @IsString() @Length(1, 120) id: string;
}

/** `data` of an ABS event; fields beyond these are ignored (ABS adds context we do not need). */
export class AbsEventDataDto {
  @ApiProperty({ enum: ABS_EVENT_ACTIONS, example: 'SWAP_COMPLETED' }) @IsIn(ABS_EVENT_ACTIONS) action: AbsEventAction;
  @ApiPropertyOptional({ example: 'abs-evt-7f1c2d9e', description: 'Event id (default: the envelope correlation_id)' })
  @IsOptional() @IsString() @Length(1, 150) event_id?: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123' }) @IsOptional() @IsString() @Length(1, 200) asset_ref?: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123' }) @IsOptional() @IsString() @Length(1, 200) current_asset?: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000077' }) @IsOptional() @IsString() @Length(1, 200) old_asset?: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123' }) @IsOptional() @IsString() @Length(1, 200) new_asset?: string;
  @ApiPropertyOptional({ example: 'STATION_001' }) @IsOptional() @IsString() @Length(1, 120) station_id?: string;
  @ApiPropertyOptional({ example: 0.42 }) @IsOptional() @IsNumber() old_battery_kwh?: number;
  @ApiPropertyOptional({ example: 1.38 }) @IsOptional() @IsNumber() new_battery_kwh?: number;
  @ApiPropertyOptional({ example: 0.96, description: 'Energy difference of a swap (new − old), kWh' }) @IsOptional() @IsNumber() energy_delta_kwh?: number;
  @ApiPropertyOptional({ example: 'service-swap-count' }) @IsOptional() @IsString() @Length(1, 200) service_id?: string;
  @ApiPropertyOptional({ example: 2400 }) @IsOptional() @IsNumber() @Min(0) amount?: number;
  @ApiPropertyOptional({ example: 'XOF' }) @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/) currency?: string;
  @ApiPropertyOptional({ example: 'MPX8K2L1Q9' }) @IsOptional() @IsString() @Length(1, 120) receipt_code?: string;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsNumber() @Min(0) quota_increment?: number;
}

/** An ABS event in the ABS envelope (reference §3.3), pushed by HTTP instead of MQTT. */
export class AbsEventEnvelopeDto {
  @ApiProperty({ example: '2025-01-15T09:12:00Z' }) @IsISO8601({ strict: true }) timestamp: string;
  @ApiProperty({ example: 'bss-plan-s00042' }) @IsString() @Length(1, 200) plan_id: string;
  @ApiProperty({ example: 'abs-evt-7f1c2d9e' }) @IsString() @Length(1, 150) correlation_id: string;
  @ApiProperty({ type: AbsActorDto }) @ValidateNested() @Type(() => AbsActorDto) actor: AbsActorDto;
  /** Checked field by field in the service (unknown fields are dropped there, not rejected). */
  @ApiProperty({ type: AbsEventDataDto }) @IsObject() data: Record<string, unknown>;
}

export class AbsEventAcceptedDto {
  @ApiProperty({ example: 'abs-evt-7f1c2d9e' }) eventId: string;
  @ApiProperty({ example: false, description: 'True when this event had been received before (nothing more is done)' }) duplicate: boolean;
}
