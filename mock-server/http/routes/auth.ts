import Router from '@koa/router';
import type { MockCore } from '../../core.js';
import type { AuthTokenRequest } from '../../generated/contracts.js';
import { maskSecret } from '../../signing/hmac.js';
import type { AppState } from '../context.js';
import { respondData } from '../envelope.js';
import { validBody } from './shared.js';

/** POST /core/api/v1/aaa/auth/client-credentials: any client id and secret get a token. */
export function authRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/core/api/v1/aaa/auth/client-credentials', (ctx) => {
    const received = ctx.state.body;
    try {
      validBody<AuthTokenRequest>(ctx, 'auth-token-request.json');
    } finally {
      // The answer echoes the request body: never echo the client secret in full.
      ctx.state.body = withMaskedSecret(received);
      delete ctx.state.bodyText;
    }
    const { accessToken, expiresIn } = core.tokens.issue(core.config.auth.tokenTtlSeconds);
    respondData(ctx, { accessToken, tokenType: 'Bearer', expiresIn });
  });
  return router;
}

function withMaskedSecret(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { clientSecret } = body as { clientSecret?: unknown };
  return typeof clientSecret === 'string'
    ? { ...body, clientSecret: maskSecret(clientSecret) }
    : body;
}
