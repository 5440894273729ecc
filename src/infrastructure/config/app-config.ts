import { EnvironmentVariables, SENSITIVE_ENV, validateEnvironment } from './env.schema';

export type AppRole = 'all' | 'api' | 'worker';
/** What this process is: one of the APP_ROLE values, or the operator CLI (no HTTP, no consumers). */
export type ProcessRole = AppRole | 'cli';
export type OdooProtocolSetting = 'auto' | 'xmlrpc' | 'jsonrpc' | 'json2';

/**
 * Typed, validated configuration, injected everywhere as `AppConfig`.
 * Nothing outside infrastructure/config reads process.env.
 */
export class AppConfig {
  readonly app: {
    nodeEnv: 'development' | 'production' | 'test';
    port: number;
    role: ProcessRole;
    demo: boolean;
    /** Worker role only: serve /health, /health/ready and /metrics on this port (no API). */
    opsPort?: number;
    /** When set, /metrics requires `Authorization: Bearer <token>`. */
    metricsToken?: string;
    corsOrigins: string[] | '*';
    bodyLimit: string;
    rateLimitPerMinute: number;
    logLevel: string;
    webhookReplayWindowSeconds: number;
  };
  readonly database: { url: string; migrateOnStart: boolean; poolSize: number };
  readonly redis: { url: string; queuePrefix: string };
  readonly mqtt: { url: string; shareGroup: string; topicPrefix: string; clientIdPrefix: string };
  readonly odoo: {
    url: string; db: string; username: string; password?: string; apiKey?: string;
    protocol: OdooProtocolSetting; timeoutMs: number; maxConcurrency: number; retries: number;
    webhookSecret?: string; queueLimit: number; breakerFailures: number; breakerCooldownMs: number;
    lang?: string; companyIds: number[];
  };
  readonly cartona: {
    apiUrl: string; apiToken?: string; webhookSecret?: string; timeoutMs: number; supplierCode?: string; warehouseId?: number;
    matchingStrategy: 'internal_product_id' | 'supplier_product_id'; batchSize: number; flushDelayMs: number;
    pullIntervalMs: number; odooPollIntervalMs: number; syncEnabled: boolean;
  };
  readonly abs: {
    apiUrl?: string; apiToken?: string; webhookSecret?: string; transport: 'mqtt' | 'rest';
    replyTimeoutMs: number; requestRetries: number; retryBackoffMs: number; messageExpirySeconds: number;
    odooDomain: 'odo' | 'odoo'; topicOverrides: Record<string, unknown>; eventFilters: string[]; eventsOverMqtt: boolean;
    actorId: string; planIdPrefix: string;
    flowMaxAttempts: number; flowRetryBaseMs: number; flowRetryMaxMs: number;
    stuckAfterSeconds: number; sweepIntervalMs: number; odooPollIntervalMs: number;
    serialSource: 'delivered' | 'reserved'; originalOrderField: string;
    paymentStateMap: Record<string, string>; subscriptionStateMap: Record<string, string>; usageFields: Record<string, string>;
  };
  readonly auth: { jwtSecret: string; jwtTtl: string; adminEmail?: string; adminPassword?: string };
  readonly outboundWebhooks: { timeoutMs: number; retryScheduleMs: number[]; retentionDays: number };
  readonly loyalty: {
    expiryCron: string; membershipCron: string; cleanupCron: string; cronTz: string; expiryBatchSize: number;
    eventRetentionDays: number; bucketRetentionDays: number;
    odooSyncEnabled: boolean; odooSyncIntervalMs: number; odooBatchSize: number;
  };
  readonly portal: {
    linkMaxFailures: number; linkMaxFailuresPerIp: number; linkWindowSeconds: number;
    proofMaxBytes: number; defaultTimezone: string; odooReadTimeoutMs: number; productsCacheSeconds: number;
    ticketsProject: string; paymentLinks: boolean; odooPublicUrl: string; paymentJournal?: string;
  };

  constructor(readonly env: EnvironmentVariables, opts: { role?: ProcessRole } = {}) {
    this.app = {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      role: opts.role ?? env.APP_ROLE,
      demo: env.DEMO_MODE,
      opsPort: env.OPS_PORT,
      metricsToken: env.METRICS_TOKEN,
      corsOrigins: env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
      bodyLimit: env.HTTP_BODY_LIMIT,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      logLevel: env.LOG_LEVEL,
      webhookReplayWindowSeconds: env.WEBHOOK_REPLAY_WINDOW_SECONDS,
    };
    this.database = { url: env.DATABASE_URL, migrateOnStart: env.DATABASE_MIGRATE_ON_START, poolSize: env.DATABASE_POOL_SIZE };
    this.redis = { url: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX };
    this.mqtt = { url: env.MQTT_URL, shareGroup: env.MQTT_SHARE_GROUP, topicPrefix: env.MQTT_TOPIC_PREFIX, clientIdPrefix: env.MQTT_CLIENT_ID_PREFIX };
    this.odoo = {
      url: env.ODOO_URL, db: env.ODOO_DB, username: env.ODOO_USERNAME, password: env.ODOO_PASSWORD,
      apiKey: env.ODOO_API_KEY, protocol: env.ODOO_PROTOCOL, timeoutMs: env.ODOO_TIMEOUT_MS,
      maxConcurrency: env.ODOO_MAX_CONCURRENCY, retries: env.ODOO_RETRIES, webhookSecret: env.ODOO_WEBHOOK_SECRET,
      queueLimit: env.ODOO_QUEUE_LIMIT, breakerFailures: env.ODOO_BREAKER_FAILURES, breakerCooldownMs: env.ODOO_BREAKER_COOLDOWN_MS,
      lang: env.ODOO_LANG, companyIds: env.ODOO_COMPANY_IDS ? env.ODOO_COMPANY_IDS.split(',').map(Number) : [],
    };
    this.cartona = {
      apiUrl: env.CARTONA_API_URL, apiToken: env.CARTONA_API_TOKEN, webhookSecret: env.CARTONA_WEBHOOK_SECRET,
      timeoutMs: env.CARTONA_TIMEOUT_MS, supplierCode: env.CARTONA_SUPPLIER_CODE, warehouseId: env.CARTONA_WAREHOUSE_ID,
      matchingStrategy: env.CARTONA_MATCHING_STRATEGY, batchSize: env.CARTONA_BATCH_SIZE, flushDelayMs: env.CARTONA_FLUSH_DELAY_MS,
      pullIntervalMs: env.CARTONA_PULL_INTERVAL_MS, odooPollIntervalMs: env.CARTONA_ODOO_POLL_INTERVAL_MS, syncEnabled: env.CARTONA_SYNC_ENABLED,
    };
    this.abs = {
      apiUrl: env.ABS_API_URL, apiToken: env.ABS_API_TOKEN, webhookSecret: env.ABS_WEBHOOK_SECRET, transport: env.ABS_TRANSPORT,
      replyTimeoutMs: env.ABS_REPLY_TIMEOUT_MS, requestRetries: env.ABS_REQUEST_RETRIES, retryBackoffMs: env.ABS_RETRY_BACKOFF_MS,
      messageExpirySeconds: env.ABS_MESSAGE_EXPIRY_SECONDS, odooDomain: env.ABS_ODOO_DOMAIN,
      topicOverrides: jsonObject(env.ABS_TOPIC_OVERRIDES), eventFilters: env.ABS_EVENT_FILTERS.split(',').map((s) => s.trim()).filter(Boolean),
      eventsOverMqtt: env.ABS_EVENTS_MQTT, actorId: env.ABS_ACTOR_ID, planIdPrefix: env.ABS_PLAN_ID_PREFIX,
      flowMaxAttempts: env.ABS_FLOW_MAX_ATTEMPTS, flowRetryBaseMs: env.ABS_FLOW_RETRY_BASE_MS, flowRetryMaxMs: env.ABS_FLOW_RETRY_MAX_MS,
      stuckAfterSeconds: env.ABS_STUCK_AFTER_SECONDS, sweepIntervalMs: env.ABS_SWEEP_INTERVAL_MS,
      odooPollIntervalMs: env.ABS_ODOO_POLL_INTERVAL_MS, serialSource: env.ABS_SERIAL_SOURCE, originalOrderField: env.ABS_ORIGINAL_ORDER_FIELD,
      paymentStateMap: stringMap(env.ABS_PAYMENT_STATE_MAP), subscriptionStateMap: stringMap(env.ABS_SUBSCRIPTION_STATE_MAP),
      usageFields: stringMap(env.ABS_USAGE_FIELDS),
    };
    this.auth = { jwtSecret: env.JWT_SECRET, jwtTtl: env.JWT_TTL, adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD };
    this.outboundWebhooks = {
      timeoutMs: env.OUTBOUND_WEBHOOK_TIMEOUT_MS,
      retryScheduleMs: parseDurationList(env.OUTBOUND_WEBHOOK_RETRY_SCHEDULE),
      retentionDays: env.OUTBOUND_WEBHOOK_RETENTION_DAYS,
    };
    this.loyalty = {
      expiryCron: env.LOYALTY_EXPIRY_CRON, membershipCron: env.LOYALTY_MEMBERSHIP_CRON, cleanupCron: env.LOYALTY_CLEANUP_CRON,
      cronTz: env.LOYALTY_CRON_TZ, expiryBatchSize: env.LOYALTY_EXPIRY_BATCH_SIZE,
      eventRetentionDays: env.LOYALTY_EVENT_RETENTION_DAYS, bucketRetentionDays: env.LOYALTY_BUCKET_RETENTION_DAYS,
      odooSyncEnabled: env.LOYALTY_ODOO_SYNC_ENABLED, odooSyncIntervalMs: env.LOYALTY_ODOO_SYNC_INTERVAL_MS, odooBatchSize: env.LOYALTY_ODOO_BATCH_SIZE,
    };
    this.portal = {
      linkMaxFailures: env.PORTAL_LINK_MAX_FAILURES, linkMaxFailuresPerIp: env.PORTAL_LINK_MAX_FAILURES_PER_IP,
      linkWindowSeconds: env.PORTAL_LINK_WINDOW_SECONDS, proofMaxBytes: env.PORTAL_PROOF_MAX_BYTES,
      defaultTimezone: env.PORTAL_DEFAULT_TIMEZONE, odooReadTimeoutMs: env.PORTAL_ODOO_READ_TIMEOUT_MS,
      productsCacheSeconds: env.PORTAL_PRODUCTS_CACHE_SECONDS, ticketsProject: env.PORTAL_TICKETS_PROJECT,
      paymentLinks: env.PORTAL_PAYMENT_LINKS, odooPublicUrl: (env.ODOO_PUBLIC_URL ?? env.ODOO_URL).replace(/\/+$/, ''),
      paymentJournal: env.PORTAL_PAYMENT_JOURNAL,
    };
  }

  /** Serves the HTTP API (`all`, `api`). */
  get runsHttp(): boolean { return this.app.role === 'all' || this.app.role === 'api'; }
  /** Consumes queues, runs cron and MQTT consumers (`all`, `worker`); never the CLI. */
  get runsWorkers(): boolean { return this.app.role === 'all' || this.app.role === 'worker'; }
  get isCli(): boolean { return this.app.role === 'cli'; }

  /** The configuration as printable key/values with secrets redacted. */
  redacted(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.env)) {
      if (!/^[A-Z][A-Z0-9_]+$/.test(k)) continue;
      out[k] = SENSITIVE_ENV.has(k) && v !== undefined ? '***' : v;
    }
    return out;
  }

  static fromEnv(raw: Record<string, unknown> = process.env, opts: { role?: ProcessRole } = {}): AppConfig {
    return new AppConfig(validateEnvironment(raw), opts);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `30s,2m,1h` → [30000, 120000, 3600000] (the format is validated by the schema). */
export function parseDurationList(list: string): number[] {
  return list.split(',').map((part) => {
    const m = /^\s*(\d+)(ms|s|m|h|d)\s*$/.exec(part);
    if (!m) throw new Error(`not a duration: ${part}`);
    return Number(m[1]) * UNIT_MS[m[2]];
  });
}

/** JSON-object variables were validated by the schema; these only narrow their type. */
function jsonObject(raw: string | undefined): Record<string, unknown> {
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}
function stringMap(raw: string | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(jsonObject(raw)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

let cached: AppConfig | undefined;
let roleOverride: ProcessRole | undefined;
/**
 * The process-wide configuration, validated once. Module metadata that depends on the role
 * (which providers consume queues) needs it before Nest's DI exists, hence this accessor.
 */
export function loadAppConfig(): AppConfig {
  cached ??= AppConfig.fromEnv(process.env, { role: roleOverride });
  return cached;
}
/**
 * The CLI entry calls this before anything loads the configuration: the process then runs
 * neither HTTP nor queue consumers, cron or MQTT subscribers, whatever APP_ROLE says.
 */
export function runAsCli(): void {
  roleOverride = 'cli';
  cached = undefined;
}
/** Tests that change the environment between app instances reset the cache. */
export function resetAppConfigCache(): void {
  cached = undefined;
}
