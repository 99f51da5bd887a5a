import { Foundation1763900000000 } from './1763900000000-Foundation';

/** Every migration, in order. A new one is generated, read, made reversible and added here. */
export const MIGRATIONS = [Foundation1763900000000];
