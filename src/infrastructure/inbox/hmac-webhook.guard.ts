import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiSecurity, ApiServiceUnavailableResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppConfig } from '../config';
import { Unauthenticated, UpstreamUnavailable } from '../errors';
import { ErrorResponseDto } from '../http/error-response.dto';
import { HMAC_WEBHOOK_SECURITY } from '../http/swagger';
import { checkWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';
import { WebhookSecrets } from './webhook-secrets';

const WEBHOOK_SOURCE = 'hub:webhook-source';

/** Verifies the HMAC signature over the raw body and the timestamp's replay window. */
@Injectable()
export class HmacWebhookGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly secrets: WebhookSecrets, private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const source = this.reflector.get<string>(WEBHOOK_SOURCE, ctx.getHandler());
    const secret = this.secrets.get(source);
    if (!secret) throw new UpstreamUnavailable('webhook', `Webhooks from ${source} are not configured on this hub`, 3600, undefined, 'WEBHOOK.NOT_CONFIGURED');
    const req = ctx.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const result = checkWebhookSignature(
      secret,
      req.rawBody ?? Buffer.alloc(0),
      header(SIGNATURE_HEADER) ?? header('x-signature'),
      header(TIMESTAMP_HEADER) ?? header('x-timestamp'),
      this.config.app.webhookReplayWindowSeconds,
    );
    if (result === 'ok') return true;
    const why = {
      missing: 'Signature or timestamp header missing',
      malformed: 'Signature or timestamp header malformed',
      stale: 'Timestamp outside the replay window',
      mismatch: 'Signature does not match the body',
    }[result];
    throw new Unauthenticated(why, `WEBHOOK.SIGNATURE_${result.toUpperCase()}`);
  }
}

/** Marks a route as a signed webhook from `source` (secret looked up in WebhookSecrets). */
export const HmacWebhook = (source: string) =>
  applyDecorators(
    SetMetadata(WEBHOOK_SOURCE, source),
    UseGuards(HmacWebhookGuard),
    ApiSecurity(HMAC_WEBHOOK_SECURITY),
    ApiHeader({ name: 'X-Hub-Timestamp', required: true, description: 'Unix seconds when the request was signed' }),
    ApiHeader({ name: 'X-Hub-Signature', required: true, description: 'sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>' }),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or replayed signature' }),
    ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Webhook secret not configured' }),
  );
