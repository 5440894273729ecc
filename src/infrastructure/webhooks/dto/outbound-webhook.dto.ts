import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const EVENT_TYPE_RE = /^(\*|[a-z][a-z0-9.-]{2,79})$/;

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ example: 'CRM sync' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 'https://crm.example.com/hooks/loyalty' }) @IsUrl(URL_OPTS) @MaxLength(2000) url: string;
  @ApiProperty({ example: ['loyalty.points.earned', 'loyalty.membership.tier-changed'], description: 'Event types, or ["*"] for all' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Matches(EVENT_TYPE_RE, { each: true }) eventTypes: string[];
  @ApiPropertyOptional({ example: 'crm-partner-7' }) @IsOptional() @IsString() @MaxLength(120) ownerRef?: string;
}

export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ example: 'CRM sync' }) @IsOptional() @IsString() @MinLength(2) @MaxLength(120) name?: string;
  @ApiPropertyOptional({ example: 'https://crm.example.com/hooks/loyalty' }) @IsOptional() @IsUrl(URL_OPTS) @MaxLength(2000) url?: string;
  @ApiPropertyOptional({ example: ['loyalty.points.expired'] })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Matches(EVENT_TYPE_RE, { each: true }) eventTypes?: string[];
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() active?: boolean;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ example: '0f8c3a52-6a0e-4c39-9a53-1c1f3b7c2d11' }) id: string;
  @ApiProperty({ example: 'CRM sync' }) name: string;
  @ApiProperty({ example: 'https://crm.example.com/hooks/loyalty' }) url: string;
  @ApiProperty({ example: ['loyalty.points.earned'] }) eventTypes: string[];
  @ApiPropertyOptional({ example: 'crm-partner-7', nullable: true, type: String }) ownerRef: string | null;
  @ApiProperty({ example: true }) active: boolean;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' }) createdAt: string;
}

export class WebhookSubscriptionWithSecretDto extends WebhookSubscriptionDto {
  @ApiProperty({ example: 'whsec_3q2…', description: 'Signing secret, shown once: verify X-Hub-Signature with it' }) secret: string;
}

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ example: '0f8c3a52-6a0e-4c39-9a53-1c1f3b7c2d11' }) @IsOptional() @IsUUID() subscriptionId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'delivering', 'delivered', 'dead', 'cancelled'] })
  @IsOptional() @IsIn(['pending', 'delivering', 'delivered', 'dead', 'cancelled']) status?: string;
  @ApiPropertyOptional({ example: 'loyalty.points.earned' }) @IsOptional() @IsString() @MaxLength(80) eventType?: string;
  @ApiPropertyOptional({ example: '6f0d…' }) @IsOptional() @IsString() @MaxLength(100) eventId?: string;
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ example: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: '9b2e…' }) id: string;
  @ApiProperty({ example: '0f8c…' }) subscriptionId: string;
  @ApiProperty({ example: '6f0d…' }) eventId: string;
  @ApiProperty({ example: 'loyalty.points.earned' }) eventType: string;
  @ApiProperty({ example: 'delivered', enum: ['pending', 'delivering', 'delivered', 'dead', 'cancelled'] }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' }) nextAttemptAt: string;
  @ApiPropertyOptional({ example: 200, nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({ example: '2026-11-22T12:00:01.000Z', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' }) createdAt: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ example: 1 }) total: number;
}

export class WebhookAttemptDto {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' }) attemptedAt: string;
  @ApiPropertyOptional({ example: 503, nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ example: 87 }) durationMs: number;
  @ApiPropertyOptional({ example: 'HTTP 503', nullable: true, type: String }) error: string | null;
  @ApiPropertyOptional({ example: 'Service Unavailable', nullable: true, type: String }) responseExcerpt: string | null;
}

export class WebhookDeliveryDetailDto extends WebhookDeliveryDto {
  @ApiProperty({ example: { id: '6f0d…', type: 'loyalty.points.earned', occurredAt: '2026-11-22T12:00:00.000Z', data: {} } })
  payload: Record<string, unknown>;
  @ApiProperty({ type: [WebhookAttemptDto] }) attemptLog: WebhookAttemptDto[];
}

export class WebhookPingDto {
  @ApiProperty({ example: '6f0d…', description: 'Event id of the ping; find its delivery with ?eventId=' }) eventId: string;
}

export class WebhookEventTypesDto {
  @ApiProperty({ example: ['loyalty.points.earned', 'webhook.ping'] }) eventTypes: string[];
}
