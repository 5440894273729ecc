export * from './queue-dashboard';
export * from './admin-ui.module';
