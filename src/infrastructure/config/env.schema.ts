import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidateBy, type ValidationOptions,
} from 'class-validator';

/** Sensitive variables are redacted wherever configuration is printed (logs, /health). */
export const SENSITIVE_ENV = new Set([
  'DATABASE_URL', 'ODOO_PASSWORD', 'ODOO_API_KEY', 'CARTONA_API_TOKEN', 'CARTONA_WEBHOOK_SECRET',
  'ABS_API_TOKEN', 'ABS_WEBHOOK_SECRET', 'JWT_SECRET', 'ODOO_WEBHOOK_SECRET', 'ADMIN_PASSWORD', 'METRICS_TOKEN',
]);

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;
/** 5 or 6 cron fields of digits, `*`, `/`, `,`, `-`. */
const CRON_RE = /^\s*([0-9*/,-]+\s+){4,5}[0-9*/,-]+\s*$/;
/** Comma-separated durations like `30s,2m,1h`. */
const DURATION_LIST_RE = /^\s*\d+(ms|s|m|h|d)(\s*,\s*\d+(ms|s|m|h|d))*\s*$/;

/** A JSON object in an environment variable (maps and overrides); the value itself is never echoed. */
function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isJsonObject',
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string') return false;
        try {
          const parsed: unknown = JSON.parse(v);
          return !!parsed && typeof parsed === 'object' && !Array.isArray(parsed);
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'must be a JSON object',
    },
  }, options);
}

/**
 * Every environment variable the hub reads, with its default. The names in DESIGN.md are the
 * public contract; the rest are ours and documented in the README configuration table.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsIn(['all', 'api', 'worker']) APP_ROLE: 'all' | 'api' | 'worker' = 'all';
  @Transform(toBool) @IsBoolean() DEMO_MODE = false;
  /** APP_ROLE=worker only: a small HTTP listener for /health, /health/ready and /metrics. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) OPS_PORT?: number;
  @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' }) METRICS_TOKEN?: string;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/odoo_hub';
  @Transform(toBool) @IsBoolean() DATABASE_MIGRATE_ON_START = true;
  @Transform(toInt) @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE = 20;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL = 'redis://127.0.0.1:6379';
  @IsString() @Matches(/^[A-Za-z0-9:_-]+$/) QUEUE_PREFIX = 'hub';

  @Matches(/^(mqtts?|wss?|tcp):\/\/\S+$/, { message: 'MQTT_URL must be an mqtt:// URL' }) MQTT_URL = 'mqtt://127.0.0.1:1883';
  @IsString() @Matches(/^[A-Za-z0-9_-]+$/) MQTT_SHARE_GROUP = 'odoo-hub';
  /** Prepended to every topic the hub publishes or subscribes to (a broker "mount point"; tests isolate runs with it). */
  @IsString() @Matches(/^([A-Za-z0-9_-]+\/)*$/, { message: 'MQTT_TOPIC_PREFIX must be empty or end with /' }) MQTT_TOPIC_PREFIX = '';
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/) MQTT_CLIENT_ID_PREFIX = 'odoo-hub';

  @Matches(URL_RE, { message: 'ODOO_URL must be an http(s) URL' }) ODOO_URL = 'http://127.0.0.1:8069';
  @IsString() ODOO_DB = 'odoo';
  @IsString() ODOO_USERNAME = 'admin';
  @IsOptional() @IsString() ODOO_PASSWORD?: string;
  @IsOptional() @IsString() ODOO_API_KEY?: string;
  @IsIn(['auto', 'xmlrpc', 'jsonrpc', 'json2']) ODOO_PROTOCOL: 'auto' | 'xmlrpc' | 'jsonrpc' | 'json2' = 'auto';
  @Transform(toInt) @IsInt() @Min(100) ODOO_TIMEOUT_MS = 30000;
  @Transform(toInt) @IsInt() @Min(1) @Max(256) ODOO_MAX_CONCURRENCY = 8;
  @Transform(toInt) @IsInt() @Min(0) @Max(10) ODOO_RETRIES = 3;
  @IsOptional() @IsString() @MinLength(16) ODOO_WEBHOOK_SECRET?: string;
  /** Calls allowed to wait for a free Odoo slot before failing fast (503). */
  @Transform(toInt) @IsInt() @Min(0) @Max(100000) ODOO_QUEUE_LIMIT = 1000;
  /** Consecutive "Odoo down" failures that open the circuit breaker, and how long it stays open. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) ODOO_BREAKER_FAILURES = 5;
  @Transform(toInt) @IsInt() @Min(100) ODOO_BREAKER_COOLDOWN_MS = 15000;
  /** Context sent with every call: language and allowed companies (comma-separated ids, first = current). */
  @IsOptional() @Matches(/^[a-z]{2,3}(_[A-Z0-9]{2,3})?$/, { message: 'ODOO_LANG must look like en_US' }) ODOO_LANG?: string;
  @IsOptional() @Matches(/^\d+(,\d+)*$/, { message: 'ODOO_COMPANY_IDS must be comma-separated ids' }) ODOO_COMPANY_IDS?: string;

  @Matches(URL_RE, { message: 'CARTONA_API_URL must be an http(s) URL' })
  CARTONA_API_URL = 'https://supplier-integrations.cartona.com/api/v1/';
  @IsOptional() @IsString() CARTONA_API_TOKEN?: string;
  @IsOptional() @IsString() @MinLength(16) CARTONA_WEBHOOK_SECRET?: string;
  @Transform(toInt) @IsInt() @Min(100) @Max(300000) CARTONA_TIMEOUT_MS = 30000;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/) CARTONA_SUPPLIER_CODE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) CARTONA_WAREHOUSE_ID?: number;
  @IsIn(['internal_product_id', 'supplier_product_id']) CARTONA_MATCHING_STRATEGY: 'internal_product_id' | 'supplier_product_id' = 'internal_product_id';
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) CARTONA_BATCH_SIZE = 100;
  @Transform(toInt) @IsInt() @Min(0) @Max(5000) CARTONA_FLUSH_DELAY_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1000) CARTONA_PULL_INTERVAL_MS = 60000;
  @Transform(toInt) @IsInt() @Min(1000) CARTONA_ODOO_POLL_INTERVAL_MS = 30000;
  @Transform(toBool) @IsBoolean() CARTONA_SYNC_ENABLED = true;

  @IsOptional() @Matches(URL_RE, { message: 'ABS_API_URL must be an http(s) URL' }) ABS_API_URL?: string;
  @IsOptional() @IsString() ABS_API_TOKEN?: string;
  @IsOptional() @IsString() @MinLength(16) ABS_WEBHOOK_SECRET?: string;
  @IsIn(['mqtt', 'rest']) ABS_TRANSPORT: 'mqtt' | 'rest' = 'mqtt';
  /** How long one ABS request waits for its echo (or REST answer) before re-publishing. */
  @Transform(toInt) @IsInt() @Min(20) @Max(600_000) ABS_REPLY_TIMEOUT_MS = 10_000;
  /** Re-publishes of one request (same correlation id) before the flow backs off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10) ABS_REQUEST_RETRIES = 2;
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000) ABS_RETRY_BACKOFF_MS = 500;
  /** MQTT 5 message-expiry-interval of our emits (the reference recommends 300 s). */
  @Transform(toInt) @IsInt() @Min(1) @Max(86_400) ABS_MESSAGE_EXPIRY_SECONDS = 300;
  /** First topic segment for Odoo-originated messages: the sources use both `odo` and `odoo`. */
  @IsIn(['odo', 'odoo']) ABS_ODOO_DOMAIN: 'odo' | 'odoo' = 'odo';
  /** Per-operation topic/action overrides, e.g. {"create_plan":{"emit":{"event":"create"}}}. */
  @IsOptional() @IsJsonObject() ABS_TOPIC_OVERRIDES?: string;
  /** Comma-separated protocol filters of ABS → hub events. */
  @IsString() @Matches(/^[A-Za-z0-9_+#/.:-]+(,[A-Za-z0-9_+#/.:-]+)*$/) ABS_EVENT_FILTERS = 'emit/abs/service/plan/+/+,emit/abs/bss/payment/+/+';
  @Transform(toBool) @IsBoolean() ABS_EVENTS_MQTT = true;
  /** `actor.id` of the envelopes the hub publishes. */
  @IsString() @Matches(/^[A-Za-z0-9_.:-]{1,64}$/) ABS_ACTOR_ID = 'odoo-erp';
  /** Prefix of the ServicePlan ids the hub proposes (ABS may answer with its own). */
  @IsString() @Matches(/^[a-z0-9-]{0,40}$/) ABS_PLAN_ID_PREFIX = 'bss-plan-';
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) ABS_FLOW_MAX_ATTEMPTS = 12;
  @Transform(toInt) @IsInt() @Min(10) ABS_FLOW_RETRY_BASE_MS = 2000;
  @Transform(toInt) @IsInt() @Min(10) ABS_FLOW_RETRY_MAX_MS = 300_000;
  /** An open flow untouched this long is flagged stuck by the sweep. */
  @Transform(toInt) @IsInt() @Min(1) ABS_STUCK_AFTER_SECONDS = 900;
  @Transform(toInt) @IsInt() @Min(100) ABS_SWEEP_INTERVAL_MS = 30_000;
  /** `write_date` polling fallback of Odoo changes; 0 disables it. */
  @Transform(toInt) @IsInt() @Min(0) ABS_ODOO_POLL_INTERVAL_MS = 30_000;
  /** `delivered`: the serial counts once the delivery is done (reference); `reserved`: a reserved lot is enough. */
  @IsIn(['delivered', 'reserved']) ABS_SERIAL_SOURCE: 'delivered' | 'reserved' = 'delivered';
  /** sale.order field holding a service-only order's original bundle order name. */
  @IsString() @Matches(/^[a-z_][a-z0-9_]*$/) ABS_ORIGINAL_ORDER_FIELD = 'origin';
  /** Overrides of the Odoo → ABS label maps (JSON objects). */
  @IsOptional() @IsJsonObject() ABS_PAYMENT_STATE_MAP?: string;
  @IsOptional() @IsJsonObject() ABS_SUBSCRIPTION_STATE_MAP?: string;
  /** Odoo fields that receive usage totals when they exist on sale.order (checked with fields_get). */
  @IsJsonObject() ABS_USAGE_FIELDS = '{"swaps":"x_abs_swap_count","energy_kwh":"x_abs_energy_kwh"}';

  @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
  @IsString() @Matches(/^\d+[smhd]$/, { message: 'JWT_TTL must look like 15m, 12h or 7d' }) JWT_TTL = '12h';
  @IsOptional() @IsString() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(8) ADMIN_PASSWORD?: string;

  // PortalBilling (the customer portal API)
  @Transform(toInt) @IsInt() @Min(1) @Max(100) PORTAL_LINK_MAX_FAILURES = 5;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) PORTAL_LINK_MAX_FAILURES_PER_IP = 20;
  @Transform(toInt) @IsInt() @Min(10) PORTAL_LINK_WINDOW_SECONDS = 900;
  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024) PORTAL_PROOF_MAX_BYTES = 5 * 1024 * 1024;
  @IsString() @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'PORTAL_DEFAULT_TIMEZONE must be an IANA zone such as Africa/Nairobi' })
  PORTAL_DEFAULT_TIMEZONE = 'UTC';
  @Transform(toInt) @IsInt() @Min(100) PORTAL_ODOO_READ_TIMEOUT_MS = 5000;
  @Transform(toInt) @IsInt() @Min(0) PORTAL_PRODUCTS_CACHE_SECONDS = 300;
  @IsString() @MinLength(1) PORTAL_TICKETS_PROJECT = 'Customer Support';
  @Transform(toBool) @IsBoolean() PORTAL_PAYMENT_LINKS = true;
  @IsOptional() @Matches(URL_RE, { message: 'ODOO_PUBLIC_URL must be an http(s) URL' }) ODOO_PUBLIC_URL?: string;
  @IsOptional() @IsString() PORTAL_PAYMENT_JOURNAL?: string;

  @IsString() CORS_ORIGINS = '*';
  @IsString() @Matches(/^\d+(kb|mb)$/i) HTTP_BODY_LIMIT = '1mb';
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 600;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Transform(toInt) @IsInt() @Min(10) WEBHOOK_REPLAY_WINDOW_SECONDS = 300;

  @Transform(toInt) @IsInt() @Min(100) @Max(60000) OUTBOUND_WEBHOOK_TIMEOUT_MS = 10000;
  @Matches(DURATION_LIST_RE, { message: 'OUTBOUND_WEBHOOK_RETRY_SCHEDULE must look like 30s,2m,10m,1h' })
  OUTBOUND_WEBHOOK_RETRY_SCHEDULE = '30s,2m,10m,1h,6h,24h';
  @Transform(toInt) @IsInt() @Min(1) OUTBOUND_WEBHOOK_RETENTION_DAYS = 30;

  @Matches(CRON_RE, { message: 'LOYALTY_EXPIRY_CRON must be a cron pattern' }) LOYALTY_EXPIRY_CRON = '0 2 * * *';
  @Matches(CRON_RE, { message: 'LOYALTY_MEMBERSHIP_CRON must be a cron pattern' }) LOYALTY_MEMBERSHIP_CRON = '0 * * * *';
  @Matches(CRON_RE, { message: 'LOYALTY_CLEANUP_CRON must be a cron pattern' }) LOYALTY_CLEANUP_CRON = '0 3 * * 0';
  @IsString() @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'LOYALTY_CRON_TZ must be an IANA zone like UTC or Africa/Cairo' })
  LOYALTY_CRON_TZ = 'UTC';
  @Transform(toInt) @IsInt() @Min(100) @Max(50000) LOYALTY_EXPIRY_BATCH_SIZE = 2000;
  @Transform(toInt) @IsInt() @Min(1) LOYALTY_EVENT_RETENTION_DAYS = 90;
  @Transform(toInt) @IsInt() @Min(30) LOYALTY_BUCKET_RETENTION_DAYS = 730;
  @Transform(toBool) @IsBoolean() LOYALTY_ODOO_SYNC_ENABLED = true;
  @Transform(toInt) @IsInt() @Min(1000) LOYALTY_ODOO_SYNC_INTERVAL_MS = 60000;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) LOYALTY_ODOO_BATCH_SIZE = 200;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
  }
}

/** Validates process.env; one line per bad variable, never echoing a secret's value. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, stripEmpty(raw), { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    throw new ConfigValidationError(
      errors.map((e) => {
        const why = Object.values(e.constraints ?? {}).join('; ');
        return `config: ${e.property} is invalid: ${why}`;
      }),
    );
  }
  return env;
}

function stripEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== '' && v !== undefined) out[k] = v;
  return out;
}
