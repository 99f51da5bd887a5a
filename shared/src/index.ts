export * from './errors';
export * from './api';
export * from './privacy';
export * from './validation';
export * from './accounts';
export * from './regions';
export * from './notifications';
