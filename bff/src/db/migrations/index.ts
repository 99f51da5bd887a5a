import { Foundation1763900000000 } from './1763900000000-Foundation';
import { Volunteers1764000000000 } from './1764000000000-Volunteers';
import { Teams1764100000000 } from './1764100000000-Teams';
import { AccountRolesRegion1764150000000 } from './1764150000000-AccountRolesRegion';

/** Every migration, in order. A new one is written, read, made reversible and added here. */
export const MIGRATIONS = [
  Foundation1763900000000,
  Volunteers1764000000000,
  Teams1764100000000,
  AccountRolesRegion1764150000000,
];
