import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import type { AuthTokenRequest } from '../../generated/contracts.js';
import type { AppState } from '../context.js';
import { respondData } from '../envelope.js';
import { validBody } from './shared.js';

/** POST /core/api/v1/aaa/auth/client-credentials: any client id and secret get a token. */
export function authRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/core/api/v1/aaa/auth/client-credentials', (ctx) => {
    validBody<AuthTokenRequest>(ctx, 'auth-token-request.json');
    const { accessToken, expiresIn } = core.tokens.issue(core.config.auth.tokenTtlSeconds);
    respondData(ctx, { accessToken, tokenType: 'Bearer', expiresIn });
  });
  return router;
}
