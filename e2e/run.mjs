#!/usr/bin/env node
// npm run test:e2e: the browser tests with Node's test runner (needs the H5 build and chromium).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', 'e2e/'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
