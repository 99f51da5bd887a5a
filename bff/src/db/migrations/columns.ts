import type { TableColumnOptions } from 'typeorm';

/*
 * Column shapes shared by the portable migrations (TypeORM's table API), so that every table
 * spells ids, instants and strings the same way on SQLite and MySQL/MariaDB.
 */

/** Application-made ids (UUID text): no auto-increment hot spot. */
export const id: TableColumnOptions = { name: 'id', type: 'varchar', length: '36', isPrimary: true };

/** A UTC instant with milliseconds. */
export const instant = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable,
});

export const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/** An integer; a required one defaults to 0. */
export const int = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'int',
  isNullable,
  ...(isNullable ? {} : { default: 0 }),
});
