import Koa from 'koa';
import { DomainError } from '@zhiyuan/shared';
import type { AppDeps } from './deps';
import { Api } from './http/api';
import { jsonBody } from './http/body';
import { errorBoundary } from './http/errors';
import { serveH5 } from './http/h5';
import { requestContext } from './http/request-context';
import { internalRoutes } from './internal/internal.routes';
import { accountsRoutes } from './modules/accounts/accounts.routes';
import { AccountsService } from './modules/accounts/accounts.service';
import { passwordResetRoutes } from './modules/accounts/password-reset.routes';
import { PasswordResetService } from './modules/accounts/password-reset.service';
import { adminRoutes } from './modules/admin/admin.routes';
import { conflictsRoutes } from './modules/conflicts/conflicts.routes';
import { ConflictsService } from './modules/conflicts/conflicts.service';
import { importsRoutes } from './modules/imports/imports.routes';
import { ImportsService } from './modules/imports/imports.service';
import { AdminService } from './modules/admin/admin.service';
import { cardRoutes } from './modules/card/card.routes';
import { CardService } from './modules/card/card.service';
import { regionsRoutes } from './modules/regions/regions.routes';
import { RegionsService } from './modules/regions/regions.service';
import { systemRoutes } from './modules/system/system.routes';
import { teamsRoutes } from './modules/teams/teams.routes';
import { TeamsService } from './modules/teams/teams.service';
import { membershipRoutes } from './modules/teams/membership.routes';
import { MembershipService } from './modules/teams/membership.service';
import { unitsRoutes } from './modules/units/units.routes';
import { UnitsService } from './modules/units/units.service';
import { volunteersRoutes } from './modules/volunteers/volunteers.routes';
import { VolunteersService } from './modules/volunteers/volunteers.service';

/** The app and what a clean shutdown waits for. */
export interface BuiltApp {
  koa: Koa;
  /** resolves when background work (a running import) has finished */
  idle(): Promise<void>;
}

/** Builds the Koa app from its dependencies: request id → log → errors → body → routes → H5. */
export function createApp(deps: AppDeps): BuiltApp {
  const app = new Koa({ proxy: deps.config.trustProxy });
  const api = new Api(deps);

  systemRoutes(api, deps);
  const accounts = new AccountsService(deps, api.tokens);
  accountsRoutes(api, accounts);
  volunteersRoutes(api, new VolunteersService(deps, accounts));
  passwordResetRoutes(api, new PasswordResetService(deps));
  cardRoutes(api, new CardService(deps));
  teamsRoutes(api, new TeamsService(deps));
  regionsRoutes(api, new RegionsService(deps));
  adminRoutes(api, new AdminService(deps));
  const imports = new ImportsService(deps);
  importsRoutes(api, imports);
  conflictsRoutes(api, new ConflictsService(deps));
  membershipRoutes(api, new MembershipService(deps));
  unitsRoutes(api, new UnitsService(deps));
  internalRoutes(api, deps);

  app.use(requestContext(deps.logger));
  app.use(errorBoundary(deps.logger));
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  app.use(jsonBody(deps.config.bodyLimitKb));
  app.use(api.router.routes());
  app.use(
    api.router.allowedMethods({
      throw: true,
      methodNotAllowed: () => new DomainError('REQUEST.METHOD_NOT_ALLOWED'),
      notImplemented: () => new DomainError('REQUEST.METHOD_NOT_ALLOWED'),
    }),
  );
  app.use(serveH5(deps.config.h5Dir));
  return { koa: app, idle: () => imports.idle() };
}
