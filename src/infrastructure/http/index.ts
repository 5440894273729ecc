export * from './error-response.dto';
export * from './error-status';
export * from './request-context';
export * from './validation';
export * from './paging';
export * from './all-exceptions.filter';
export * from './request-id.middleware';
export * from './swagger';
