export * from './progress';
export * from './output';
export * from './validate-input';
export * from './cli-errors';
