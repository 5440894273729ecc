import { basename } from 'node:path';

/**
 * Tests of different checkouts may run at once on one machine: each checkout gets its own
 * database and queue prefix, derived from its folder name.
 */
export function checkoutTag(): string {
  return basename(process.cwd()).toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30) || 'default';
}

export function testDatabaseUrl(): string {
  const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  return `${base}/hub_test_${checkoutTag()}`;
}

/** The environment every e2e test starts from; a test overrides what it needs. */
export function baseTestEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_MIGRATE_ON_START: 'false',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `t_${checkoutTag()}_${process.pid}`,
    MQTT_URL: process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    // Test runs of several checkouts share one broker: each process gets its own topic space and group.
    MQTT_TOPIC_PREFIX: `t/${checkoutTag()}/${process.pid}/`,
    MQTT_SHARE_GROUP: `t_${checkoutTag()}_${process.pid}`,
    MQTT_CLIENT_ID_PREFIX: `t-${checkoutTag()}-${process.pid}`.slice(0, 40),
    JWT_SECRET: 'test-jwt-secret-0123456789-abcdefghijklmnop',
    RATE_LIMIT_PER_MINUTE: '100000',
  };
}
