import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../auth/auth-policy';
import { ErrorResponseDto } from '../http/error-response.dto';
import {
  CreateWebhookSubscriptionDto, ListDeliveriesQueryDto, UpdateWebhookSubscriptionDto, WebhookDeliveryDetailDto, WebhookDeliveryDto,
  WebhookDeliveryPageDto, WebhookEventTypesDto, WebhookPingDto, WebhookSubscriptionDto, WebhookSubscriptionWithSecretDto,
} from './dto/outbound-webhook.dto';
import type { OutboundWebhookAttempt, OutboundWebhookDelivery, OutboundWebhookSubscription } from './outbound-webhook.entity';
import { OutboundWebhooksService } from './outbound-webhooks.service';

const subDto = (s: OutboundWebhookSubscription): WebhookSubscriptionDto => ({
  id: s.id, name: s.name, url: s.url, eventTypes: s.eventTypes, ownerRef: s.ownerRef, active: s.active,
  disabledReason: s.disabledReason, createdAt: s.createdAt.toISOString(),
});
const deliveryDto = (d: OutboundWebhookDelivery): WebhookDeliveryDto => ({
  id: d.id, subscriptionId: d.subscriptionId, eventId: d.eventId, eventType: d.eventType, status: d.status, attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt.toISOString(), lastStatusCode: d.lastStatusCode, lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
});
const attemptDto = (a: OutboundWebhookAttempt) => ({
  attempt: a.attempt, attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, responseExcerpt: a.responseExcerpt,
});

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/webhooks')
export class OutboundWebhooksController {
  constructor(private readonly webhooks: OutboundWebhooksService) {}

  @Get('event-types')
  @ApiOperation({ summary: 'Event types partners can subscribe to' })
  @ApiOkResponse({ type: WebhookEventTypesDto })
  eventTypes(): WebhookEventTypesDto {
    return { eventTypes: this.webhooks.knownEventTypes() };
  }

  @Post()
  @ApiOperation({ summary: 'Register a partner webhook endpoint (the signing secret is shown once)' })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(@Body() dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretDto> {
    const { subscription, secret } = await this.webhooks.createSubscription(dto);
    return { ...subDto(subscription), secret };
  }

  @Get()
  @ApiOperation({ summary: 'List webhook subscriptions' })
  @ApiOkResponse({ type: [WebhookSubscriptionDto] })
  async list(): Promise<WebhookSubscriptionDto[]> {
    return (await this.webhooks.listSubscriptions()).map(subDto);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async deliveries(@Query() q: ListDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    const [rows, total] = await this.webhooks.listDeliveries(q);
    return { items: rows.map(deliveryDto), total };
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery with its payload and every attempt' })
  @ApiOkResponse({ type: WebhookDeliveryDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delivery(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryDetailDto> {
    const { delivery, attempts } = await this.webhooks.getDelivery(id);
    return { ...deliveryDto(delivery), payload: delivery.payload, attemptLog: attempts.map(attemptDto) };
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a delivery again now' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async redeliver(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryDto> {
    return deliveryDto(await this.webhooks.redeliver(id));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSubscriptionDto> {
    return subDto(await this.webhooks.getSubscription(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a subscription (name, URL, event types, active)' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionDto> {
    return subDto(await this.webhooks.updateSubscription(id, dto));
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret (shown once)' })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async rotate(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSubscriptionWithSecretDto> {
    const { subscription, secret } = await this.webhooks.rotateSecret(id);
    return { ...subDto(subscription), secret };
  }

  @Post(':id/ping')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a signed webhook.ping to this endpoint' })
  @ApiAcceptedResponse({ type: WebhookPingDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async ping(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookPingDto> {
    return { eventId: await this.webhooks.ping(id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.deleteSubscription(id);
  }
}
