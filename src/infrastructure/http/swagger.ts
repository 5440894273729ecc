import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ADMIN_SESSION_COOKIE } from '../auth/admin-session.service';
import { SECURITY } from '../auth/auth-policy';
import { METRICS_SECURITY } from '../metrics/metrics.controller';

/** Security scheme of the Odoo webhook receiver (src/odoo declares routes with it). */
export const ODOO_WEBHOOK_SECURITY = 'odoo-webhook';
/** Security scheme of the HMAC-signed webhooks (`@HmacWebhook(source)`: Cartona, ABS …). */
export const HMAC_WEBHOOK_SECURITY = 'webhook-signature';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Odoo Integration Hub')
    .setDescription(
      'Connects an Odoo ERP to Cartona, the customer portal, loyalty, ABS and IoT devices. ' +
        'Errors always have the shape { statusCode, code, message, details?, requestId }.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Portal or admin JWT from POST /api/auth/login' }, SECURITY.jwt)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Partner or device API key (also accepted as Authorization: Bearer)' }, SECURITY.apiKey)
    .addCookieAuth(ADMIN_SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'Admin UI session from POST /api/auth/session (admin UI routes only, never the JSON API)' }, ADMIN_SESSION_COOKIE)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, required by /metrics only when it is set' }, METRICS_SECURITY)
    .addApiKey({
      type: 'apiKey', in: 'query', name: 'secret',
      description: 'ODOO_WEBHOOK_SECRET. Odoo\'s webhook action sends no auth header, so the secret is in the URL: /webhooks/odoo?secret=<secret> or /webhooks/odoo/<secret>',
    }, ODOO_WEBHOOK_SECURITY)
    .addApiKey({
      type: 'apiKey', in: 'header', name: 'X-Hub-Signature',
      description: 'sha256=<hex HMAC-SHA256(secret, "<X-Hub-Timestamp>.<raw body>")>, with X-Hub-Timestamp (unix seconds) inside the replay window',
    }, HMAC_WEBHOOK_SECURITY)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  return document;
}
