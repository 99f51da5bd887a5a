export * from './identity.rules';
export * from './volunteer-number.rules';
export * from './volunteers.types';
export * from './volunteers.schema';
