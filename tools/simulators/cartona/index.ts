export * from './cartona-simulator';
export * from './cartona-state';
export * from './fixtures';
