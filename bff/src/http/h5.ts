import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Context, Next } from 'koa';
import send from 'koa-send';

/**
 * Serves the H5 build of the mini-program at /. Paths without a file extension fall back
 * to index.html (the app's router handles them); hashed assets are cached for a year.
 */
export function serveH5(root: string) {
  return async function serveH5Middleware(ctx: Context, next: Next): Promise<void> {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || /^\/(api|internal|healthz)(\/|$)/.test(ctx.path)) {
      return next();
    }
    if (!existsSync(root)) {
      if (ctx.path === '/') {
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body =
          '志愿服务信息系统：H5 应用尚未构建（npm start 会构建它；或运行 npm run build:h5）。接口见 /api/openapi.json';
        return;
      }
      return next();
    }
    const hasExt = extname(ctx.path) !== '';
    try {
      if (hasExt) {
        await send(ctx, ctx.path, {
          root,
          maxage: /\.[0-9a-f]{8,}\./.test(ctx.path) ? 365 * 86400_000 : 0,
          immutable: /\.[0-9a-f]{8,}\./.test(ctx.path),
        });
      } else {
        ctx.set('Cache-Control', 'no-cache');
        await send(ctx, 'index.html', { root });
      }
    } catch (err) {
      if ((err as { status?: number }).status === 404) return next();
      throw err;
    }
  };
}
