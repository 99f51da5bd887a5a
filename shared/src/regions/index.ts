export * from './regions.types';
export * from './regions.rules';
