import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../../infrastructure/config';
import { Unauthenticated, UpstreamUnavailable, ValidationFailed } from '../../infrastructure/errors';
import { ErrorResponseDto, ODOO_WEBHOOK_SECURITY } from '../../infrastructure/http';
import { InboxService } from '../../infrastructure/inbox';
import { OdooWebhookAckDto, OdooWebhookPayloadDto } from './odoo-webhook.dto';

export const ODOO_INBOX_SOURCE = 'odoo';
const MODEL_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Identical hints within this window are one event (Odoo fires once per write, often several per save). */
const DEDUP_WINDOW_MS = 2000;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Receiver of Odoo automation rules' "Send Webhook Notification": JSON with `_model`, `_id`
 * and chosen fields, no signature, a 1 s timeout and no retry, possibly sent before Odoo
 * commits. Authenticated by the secret in the URL (`/webhooks/odoo/<secret>` or `?secret=`;
 * constant-time compare), stored in the inbox
 * and answered at once; the hint is then fanned out by OdooChangeFeed.
 */
const Docs = () => applyDecorators(
  ApiOperation({ summary: 'Odoo automation-rule webhook (a change hint: the hub re-reads the record)' }),
  ApiSecurity(ODOO_WEBHOOK_SECURITY),
  ApiBody({ type: OdooWebhookPayloadDto }),
  ApiOkResponse({ type: OdooWebhookAckDto }),
  ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an Odoo webhook payload (_model/_id missing or malformed)' }),
  ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or wrong secret' }),
  ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'ODOO_WEBHOOK_SECRET not configured' }),
);

@ApiTags('odoo-webhooks')
@Controller('webhooks/odoo')
export class OdooWebhookController {
  constructor(private readonly config: AppConfig, private readonly inbox: InboxService) {}

  @Post(':secret')
  @HttpCode(200)
  // Odoo bursts one POST per record and never retries: rate limiting would drop hints.
  @SkipThrottle()
  @Docs()
  @ApiParam({ name: 'secret', description: 'ODOO_WEBHOOK_SECRET, as the last path segment of the rule\'s URL' })
  receiveWithPathSecret(@Param('secret') secret: string, @Body() body: Record<string, unknown>, @Req() req: Request & { rawBody?: Buffer }): Promise<OdooWebhookAckDto> {
    return this.receive(secret, body, req);
  }

  @Post()
  @HttpCode(200)
  @SkipThrottle()
  @Docs()
  receiveWithQuerySecret(@Query('secret') secret: unknown, @Body() body: Record<string, unknown>, @Req() req: Request & { rawBody?: Buffer }): Promise<OdooWebhookAckDto> {
    // A repeated ?secret= arrives as an array: only a single string can match.
    return this.receive(typeof secret === 'string' ? secret : '', body, req);
  }

  private async receive(secret: string, body: Record<string, unknown>, req: Request & { rawBody?: Buffer }): Promise<OdooWebhookAckDto> {
    const expected = this.config.odoo.webhookSecret;
    if (!expected) throw new UpstreamUnavailable('webhook', 'Odoo webhooks are not configured on this hub (ODOO_WEBHOOK_SECRET)', 3600, undefined, 'WEBHOOK.NOT_CONFIGURED');
    if (!timingSafeEqual(digest(secret), digest(expected))) throw new Unauthenticated('Wrong webhook secret', 'WEBHOOK.SECRET_MISMATCH');
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed('Expected a JSON object from an Odoo automation rule');
    const model = body._model;
    const id = body._id;
    const problems: Record<string, string[]> = {};
    if (typeof model !== 'string' || !MODEL_RE.test(model)) problems._model = ['_model must be an Odoo model name such as "sale.order"'];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) problems._id = ['_id must be a positive integer record id'];
    if (Object.keys(problems).length) throw new ValidationFailed('Not an Odoo webhook payload', problems);
    const { _model, _id, _action, ...fields } = body;
    const raw = req.rawBody?.toString('utf8') ?? JSON.stringify(body);
    const eventId = `${String(_model)}:${String(_id)}:${digest(raw).toString('hex').slice(0, 16)}:${Math.floor(Date.now() / DEDUP_WINDOW_MS)}`;
    const result = await this.inbox.accept(ODOO_INBOX_SOURCE, eventId, {
      model: _model, id: _id, action: typeof _action === 'string' ? _action : null, fields, receivedAt: new Date().toISOString(),
    });
    return { accepted: true, duplicate: result.duplicate };
  }
}
