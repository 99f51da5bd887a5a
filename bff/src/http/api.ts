import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { DomainError, parseOrThrow } from '@zhiyuan/shared';
import type { AppDeps } from '../deps';
import { TokenService, type AuthContext } from '../modules/accounts/tokens';

/** Who may call a route: anyone, a signed-in person, or the bot (shared secret). */
export type Access = 'public' | 'user' | 'internal';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** present on 'user' routes, and on 'public' ones when a valid token was sent */
  auth: AuthContext | undefined;
  ip: string;
  requestId: string;
  ctx: Context;
}

export interface RouteDef<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** koa-style path, e.g. `/api/regions/:code` */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** success status; a handler returning undefined answers 204 */
  status?: number;
  response?: z.ZodType;
  handler: (input: HandlerContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown>;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

/**
 * Routes are declared once: the same definition mounts the Koa handler (auth → validate →
 * handler → reply) and describes the endpoint in the OpenAPI document.
 */
export class Api {
  readonly router = new Router();
  private readonly registry = new OpenAPIRegistry();
  readonly tokens: TokenService;

  constructor(private readonly deps: AppDeps) {
    this.tokens = new TokenService(deps.config.secrets.jwt, deps.config.auth.accessTokenTtl, deps.clock);
    this.registry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    this.registry.registerComponent('securitySchemes', 'internal', {
      type: 'apiKey',
      in: 'header',
      name: 'x-internal-secret',
    });
  }

  route<
    B extends z.ZodType = z.ZodUndefined,
    Q extends z.ZodType = z.ZodUndefined,
    P extends z.ZodType = z.ZodUndefined,
  >(def: RouteDef<B, Q, P>): void {
    this.describe(def);
    const { access } = def;
    this.router[def.method](def.path, async (ctx) => {
      const auth = this.authenticate(ctx, access);
      const input: HandlerContext<z.output<B>, z.output<Q>, z.output<P>> = {
        body: (def.body
          ? parseOrThrow(def.body, (ctx.request as { body?: unknown }).body ?? {})
          : undefined) as z.output<B>,
        query: (def.query ? parseOrThrow(def.query, { ...ctx.query }) : undefined) as z.output<Q>,
        params: (def.params ? parseOrThrow(def.params, { ...ctx.params }) : undefined) as z.output<P>,
        auth,
        ip: ctx.ip,
        requestId: ctx.state.requestId as string,
        ctx,
      };
      const result = await def.handler(input);
      if (result === undefined) {
        ctx.status = 204;
        return;
      }
      ctx.status = def.status ?? 200;
      ctx.body = result;
    });
  }

  private authenticate(ctx: Context, access: Access): AuthContext | undefined {
    if (access === 'internal') {
      const given = Buffer.from(ctx.get('x-internal-secret'));
      const expected = Buffer.from(this.deps.config.secrets.internal);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DomainError('AUTH.INTERNAL_SECRET');
      }
      return undefined;
    }
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (access === 'user') throw new DomainError(header ? 'AUTH.TOKEN_INVALID' : 'AUTH.REQUIRED');
      return undefined;
    }
    try {
      const auth = this.tokens.verifyAccess(match[1]!);
      ctx.state.auth = auth;
      return auth;
    } catch (err) {
      // an expired token is said so even on public routes, so the client renews it instead of
      // being served as a guest; a malformed one on a public route is ignored
      if (access === 'user' || (err instanceof DomainError && err.code === 'AUTH.TOKEN_EXPIRED')) throw err;
      return undefined;
    }
  }

  private describe(def: RouteDef<z.ZodType, z.ZodType, z.ZodType>): void {
    const path = def.path.replace(/:(\w+)/g, '{$1}');
    const security =
      def.access === 'user' ? [{ bearer: [] }] : def.access === 'internal' ? [{ internal: [] }] : undefined;
    const successStatus = def.status ?? 200;
    this.registry.registerPath({
      method: def.method,
      path,
      summary: def.summary,
      tags: [def.tag],
      ...(security ? { security } : {}),
      request: {
        ...(def.body ? { body: { content: { 'application/json': { schema: def.body } } } } : {}),
        ...(def.query ? { query: def.query as z.ZodObject } : {}),
        ...(def.params ? { params: def.params as z.ZodObject } : {}),
      },
      responses: {
        [successStatus]: {
          description: 'OK',
          ...(def.response ? { content: { 'application/json': { schema: def.response } } } : {}),
        },
        ...(def.body || def.query || def.params
          ? { 400: { description: '输入有误', content: { 'application/json': { schema: errorSchema } } } }
          : {}),
        ...(def.access !== 'public'
          ? { 401: { description: '未登录或凭据无效', content: { 'application/json': { schema: errorSchema } } } }
          : {}),
      },
    });
  }

  openApiDocument(): object {
    const generator = new OpenApiGeneratorV31(this.registry.definitions);
    return generator.generateDocument({
      openapi: '3.1.0',
      info: {
        title: '志愿 Zhiyuan API',
        version: '0.1.0',
        description: '志愿服务信息系统的接口。错误统一为 { error: { code, message, details, requestId } }。',
      },
      servers: [{ url: this.deps.config.publicUrl }],
    });
  }
}
