import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SECURITY } from '../auth/auth-policy';

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
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  return document;
}
