export * from './health-registry';
export * from './readiness.service';
export * from './sanitize';
export * from './health.module';
