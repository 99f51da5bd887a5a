#!/usr/bin/env node
/**
 * Runs a command (default: npm test) against MariaDB/MySQL: DB_URL defaults to the local
 * server (root, empty password, 127.0.0.1:3306). The bff tests create and drop a fresh
 * database per test file there.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const [cmd, ...rest] = args.length ? args : ['npm', 'test'];
const env = { ...process.env, DB_URL: process.env.DB_URL || 'mariadb://root@127.0.0.1:3306/mysql' };
const r = spawnSync(cmd, rest, { stdio: 'inherit', env });
process.exit(r.status ?? 1);
