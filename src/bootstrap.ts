import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './infrastructure/config';
import { requestIdMiddleware, setupSwagger } from './infrastructure/http';

/**
 * Builds the application exactly as production runs it; main.ts, the demo and the e2e tests
 * all go through here so tests exercise the real pipes, filters, limits and docs.
 */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { rawBody: true, bufferLogs: true, bodyParser: true });
  configureApp(app);
  await app.init();
  return app;
}

export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      // Swagger UI and the console load their own inline assets.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.app.corsOrigins === '*' ? true : config.app.corsOrigins,
    credentials: config.app.corsOrigins !== '*',
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  app.useBodyParser('json', { limit: config.app.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.app.bodyLimit, extended: false });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupSwagger(app);
}

export async function listen(app: INestApplication): Promise<void> {
  const config = app.get(AppConfig);
  await app.listen(config.app.port, '0.0.0.0');
}
