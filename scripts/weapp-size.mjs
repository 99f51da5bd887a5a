#!/usr/bin/env node
// Prints the size of the WeChat build: the main package (hard limit 2 MB) and each sub-package.
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../miniapp/dist/weapp', import.meta.url));
const size = (p) =>
  statSync(p).isDirectory() ? readdirSync(p).reduce((s, n) => s + size(join(p, n)), 0) : statSync(p).size;
const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
const total = size(dist);
let subTotal = 0;
for (const r of subRoots) {
  const s = size(join(dist, r));
  subTotal += s;
  console.log(`weapp sub-package ${r}: ${(s / 1024).toFixed(1)} KiB`);
}
const main = total - subTotal;
console.log(
  `weapp main package: ${(main / 1024).toFixed(1)} KiB of 2048 KiB (${((main / 2097152) * 100).toFixed(1)} %)`,
);
if (main > 2 * 1024 * 1024) {
  console.error('weapp main package is over the 2 MB limit');
  process.exit(1);
}
