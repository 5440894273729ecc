import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { FLOW_KINDS, FLOW_STATES, type FlowKind, type FlowState } from '../../domain/flow-state';
import type { HandshakeFlowEvent } from '../../persistence/flow-event.entity';
import type { HandshakeFlow } from '../../persistence/flow.entity';

export class FlowListQueryDto {
  @ApiPropertyOptional({ enum: FLOW_KINDS }) @IsOptional() @IsIn(FLOW_KINDS) kind?: FlowKind;
  @ApiPropertyOptional({ enum: FLOW_STATES }) @IsOptional() @IsIn(FLOW_STATES) state?: FlowState;
  @ApiPropertyOptional({ example: true }) @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() stuck?: boolean;
  @ApiPropertyOptional({ example: 'S00042', description: 'Odoo order name' }) @IsOptional() @IsString() @Length(1, 200) contractRef?: string;
  @ApiPropertyOptional({ example: 'bss-plan-s00042' }) @IsOptional() @IsString() @Length(1, 200) planId?: string;
  @ApiPropertyOptional({ example: 42, description: 'Odoo sale.order id' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) orderId?: number;
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @ApiPropertyOptional({ example: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class PageQueryDto {
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @ApiPropertyOptional({ example: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class CompensateFlowDto {
  @ApiPropertyOptional({ example: 'customer returned the bundle' }) @IsOptional() @IsString() @Length(1, 300) reason?: string;
}

export class FlowDto {
  @ApiProperty({ example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }) id: string;
  @ApiProperty({ enum: FLOW_KINDS, example: 'allocation' }) kind: FlowKind;
  @ApiProperty({ enum: FLOW_STATES, example: 'confirmed' }) state: FlowState;
  @ApiProperty({ enum: ['apply', 'compensate'], example: 'apply' }) intent: string;
  @ApiProperty({ example: 'sale.order' }) subjectModel: string;
  @ApiProperty({ example: '42' }) subjectId: string;
  @ApiPropertyOptional({ example: 'S00042', nullable: true }) subjectRef: string | null;
  @ApiPropertyOptional({ example: 'create_plan', nullable: true }) step: string | null;
  @ApiProperty({ example: 1 }) generation: number;
  @ApiProperty({ example: 'ah-allocation-7f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a' }) correlationId: string;
  @ApiPropertyOptional({ example: 'bss-plan-s00042', nullable: true }) planId: string | null;
  @ApiPropertyOptional({ example: 'S00042', nullable: true }) contractRef: string | null;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123', nullable: true }) assetRef: string | null;
  @ApiPropertyOptional({ example: '7', nullable: true }) customerRef: string | null;
  @ApiPropertyOptional({ enum: ['serial', 'allocation', 'entitlement', 'original_order', 'plan'], nullable: true }) waitingFor: string | null;
  @ApiProperty({ example: 0 }) attempts: number;
  @ApiPropertyOptional({ example: null, nullable: true }) nextAttemptAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) errorCode: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) stuckSince: string | null;
  @ApiProperty({ example: { contract_ref: 'S00042', asset_ref: 'BAT-30AH-000123' }, type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiPropertyOptional({ example: { plan_id: 'bss-plan-s00042' }, type: 'object', additionalProperties: true, nullable: true }) result: Record<string, unknown> | null;
  @ApiProperty({ example: '2025-01-15T08:00:00.000Z' }) requestedAt: string;
  @ApiPropertyOptional({ example: '2025-01-15T08:00:00.120Z', nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ example: '2025-01-15T08:00:00.180Z', nullable: true }) confirmedAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) failedAt: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) compensatedAt: string | null;
  @ApiProperty({ example: '2025-01-15T08:00:00.180Z' }) updatedAt: string;
}

export class FlowEventDto {
  @ApiProperty({ example: '981' }) id: string;
  @ApiProperty({ example: '2025-01-15T08:00:00.180Z' }) at: string;
  @ApiProperty({ example: 'confirmed', description: 'created, sent, step-done, confirmed, failed, retry-scheduled, waiting, reopened, compensation-requested, compensated, flagged-stuck, operator-retry …' }) event: string;
  @ApiPropertyOptional({ example: 'sent', nullable: true }) fromState: string | null;
  @ApiPropertyOptional({ example: 'confirmed', nullable: true }) toState: string | null;
  @ApiPropertyOptional({ example: 'create_plan', nullable: true }) step: string | null;
  @ApiProperty({ example: 1 }) generation: number;
  @ApiProperty({ example: 'ah-allocation-7f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a' }) correlationId: string;
  @ApiPropertyOptional({ example: { signals: ['SERVICE_PLAN_CREATED'], attempt: 1 }, type: 'object', additionalProperties: true, nullable: true }) detail: Record<string, unknown> | null;
  @ApiPropertyOptional({ example: null, nullable: true }) error: string | null;
}

export class FlowDetailDto extends FlowDto {
  @ApiProperty({ type: [FlowEventDto] }) timeline: FlowEventDto[];
}

export class FlowPageDto {
  @ApiProperty({ type: [FlowDto] }) items: FlowDto[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class AcceptedDto {
  @ApiProperty({ example: true }) accepted: boolean;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Allow-list mapping: a new column never leaks into the API by accident. */
export function toFlowDto(f: HandshakeFlow): FlowDto {
  return {
    id: f.id, kind: f.kind, state: f.state, intent: f.intent, subjectModel: f.subjectModel, subjectId: f.subjectId, subjectRef: f.subjectRef,
    step: f.step, generation: f.generation, correlationId: f.correlationId, planId: f.planId, contractRef: f.contractRef, assetRef: f.assetRef,
    customerRef: f.customerRef, waitingFor: f.waitingFor, attempts: f.attempts, nextAttemptAt: iso(f.nextAttemptAt), lastError: f.lastError,
    errorCode: f.errorCode, stuckSince: iso(f.stuckSince), data: f.data, result: f.result, requestedAt: iso(f.requestedAt)!, sentAt: iso(f.sentAt),
    confirmedAt: iso(f.confirmedAt), failedAt: iso(f.failedAt), compensatedAt: iso(f.compensatedAt), updatedAt: iso(f.updatedAt)!,
  };
}

export function toFlowEventDto(e: HandshakeFlowEvent): FlowEventDto {
  return {
    id: String(e.id), at: iso(e.at)!, event: e.event, fromState: e.fromState, toState: e.toState, step: e.step,
    generation: e.generation, correlationId: e.correlationId, detail: e.detail, error: e.error,
  };
}
