export * from './abs-simulator';
export * from './sim-plans';
export * from './templates';
