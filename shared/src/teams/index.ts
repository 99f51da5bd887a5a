export * from './teams.rules';
export * from './teams.types';
export * from './teams.schema';
