export * from './accounts.limits';
export * from './accounts.types';
export * from './accounts.schema';
