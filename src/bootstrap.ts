import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { mountAdminUi } from './infrastructure/admin-ui';
import { AppConfig } from './infrastructure/config';
import { requestIdMiddleware, setupSwagger } from './infrastructure/http';
import { httpMetricsMiddleware, OpsServer } from './infrastructure/metrics';

export interface CreateAppOptions {
  /**
   * Extra modules mounted beside AppModule, with the same global pipes, filters and guards
   * (test-only routes and processors from the e2e suites, the demo's seeding module).
   */
  imports?: Array<Type | DynamicModule>;
}

/**
 * Builds the application exactly as production runs it; main.ts, the demo and the e2e tests
 * all go through here so tests exercise the real pipes, filters, limits and docs.
 */
export async function createApp(opts: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const root = opts.imports?.length ? withExtraModules(opts.imports) : AppModule;
  const app = await NestFactory.create<NestExpressApplication>(root, { rawBody: true, bufferLogs: true, bodyParser: true });
  configureApp(app);
  await app.init();
  return app;
}

function withExtraModules(imports: Array<Type | DynamicModule>): DynamicModule {
  @Module({})
  class HubWithExtras {}
  return { module: HubWithExtras, imports: [AppModule, ...imports] };
}

export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.use(httpMetricsMiddleware);
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
  // API answers are dynamic JSON; hashing every body for an ETag nobody revalidates is wasted CPU.
  app.set('etag', false);
  app.enableShutdownHooks();
  mountAdminUi(app);
  setupSwagger(app);
}

/** Listens on PORT; returns the bound port (PORT=0 picks a free one). */
export async function listen(app: INestApplication): Promise<number> {
  const config = app.get(AppConfig);
  await app.listen(config.app.port, '0.0.0.0');
  return (app.getHttpServer().address() as AddressInfo).port;
}

/** APP_ROLE=worker with OPS_PORT: health and metrics only, on their own port. */
export function startOpsServer(app: INestApplication, port: number): Promise<number> {
  return app.get(OpsServer).start(port);
}
