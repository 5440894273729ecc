export * from './app-config';
export * from './config.module';
export * from './worker-only';
export { ConfigValidationError, EnvironmentVariables, validateEnvironment } from './env.schema';
