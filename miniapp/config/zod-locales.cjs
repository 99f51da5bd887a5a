/**
 * Stands in for zod's locale barrel (`zod/v4/locales/index`) in the weapp and H5 bundles.
 * `@zhiyuan/shared` is CommonJS, so `z.locales.zhCN()` would pull every one of zod's ~50
 * locales (≈ 330 KB) into the main package; the product speaks Chinese only. If shared ever
 * asks for another locale, add it here (config/index.ts wires this file in).
 */
'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.zhCN = require('zod/v4/locales/zh-CN.cjs');
exports.en = require('zod/v4/locales/en.cjs');
