export * from './notifications.types';
export * from './notifications.templates';
