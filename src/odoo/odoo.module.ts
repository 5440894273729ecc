import { Global, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../infrastructure/audit';
import { AppConfig } from '../infrastructure/config';
import { HealthRegistry } from '../infrastructure/health';
import { InboxService } from '../infrastructure/inbox';
import { OdooClient } from './client/odoo-client';
import { ODOO_GATEWAYS } from './gateways';
import { OdooChangeFeed } from './webhook/odoo-change-feed';
import { ODOO_INBOX_SOURCE, OdooWebhookController } from './webhook/odoo-webhook.controller';

/** The client as configured by the ODOO_* variables. */
export function createOdooClient(config: AppConfig, audit?: AuditService): OdooClient {
  const o = config.odoo;
  const context: Record<string, unknown> = {};
  if (o.lang) context.lang = o.lang;
  if (o.companyIds.length) context.allowed_company_ids = o.companyIds;
  return new OdooClient({
    connection: { url: o.url, db: o.db, username: o.username, password: o.password, apiKey: o.apiKey },
    protocol: o.protocol, timeoutMs: o.timeoutMs, maxConcurrency: o.maxConcurrency, maxQueue: o.queueLimit, retries: o.retries,
    breakerFailures: o.breakerFailures, breakerHalfOpenAfterMs: o.breakerCooldownMs,
    defaultContext: Object.keys(context).length ? context : undefined, audit,
  });
}

/**
 * The shared Odoo provider: OdooClient, the typed gateways, the change feed and the webhook
 * receiver. Global, so contexts inject gateways without importing this module.
 */
@Global()
@Module({
  controllers: [OdooWebhookController],
  providers: [
    { provide: OdooClient, inject: [AppConfig, AuditService], useFactory: createOdooClient },
    OdooChangeFeed,
    ...ODOO_GATEWAYS,
  ],
  exports: [OdooClient, OdooChangeFeed, ...ODOO_GATEWAYS],
})
export class OdooModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OdooModule.name);

  constructor(
    private readonly client: OdooClient,
    private readonly feed: OdooChangeFeed,
    private readonly inbox: InboxService,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.inbox.registerHandler(ODOO_INBOX_SOURCE, async (msg) => {
      const p = msg.payload as { model: string; id: number; action: string | null; fields?: Record<string, unknown>; receivedAt?: string };
      this.client.invalidate(p.model);
      await this.feed.publish({
        model: p.model, id: p.id, action: p.action ?? null, fields: p.fields ?? {}, receivedAt: p.receivedAt ? new Date(p.receivedAt) : msg.receivedAt, source: 'webhook',
      });
    });
    this.health.register({
      name: 'odoo',
      // The hub degrades gracefully while Odoo is down: reported, not fatal for readiness.
      critical: false,
      check: async () => {
        const stats = this.client.stats();
        const base = { protocol: stats.protocol ?? 'undetected', breaker: stats.breaker, inFlight: stats.inFlight, waiting: stats.waiting };
        if (stats.breaker === 'open') return { status: 'down', details: { ...base, retryInSeconds: this.client.breakerRetryAfterSeconds() } };
        try {
          const probe = await this.client.probe(3000);
          return { status: stats.breaker === 'half-open' ? 'degraded' : 'up', details: { ...base, protocol: this.client.protocol, serverVersion: probe.version.serverVersion, latencyMs: probe.latencyMs } };
        } catch (err) {
          return { status: 'down', details: { ...base, error: (err as Error).message } };
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close().catch((err) => this.logger.warn({ err: String(err) }, 'closing the Odoo client failed'));
  }
}
