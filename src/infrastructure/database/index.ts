export * from './data-source-options';
export * from './ensure-database';
export * from './run-migrations';
export * from './database.module';
export * from './json';
