export * from './metrics';
export * from './http-metrics.middleware';
export * from './metrics-access';
export * from './ops-server';
export * from './metrics.module';
