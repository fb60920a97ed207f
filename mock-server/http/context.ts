import type { RouterContext } from '@koa/router';

/** What the OS1 header check learned about the caller. */
export interface Os1RequestInfo {
  tenantId: string;
  requestId: string;
  accessToken: string;
  userId: string;
  /** X-COREOS-CALLBACK-SECRET, when sent. Never logged or echoed. */
  callbackSecret: string | null;
}

export interface AppState {
  os1?: Os1RequestInfo;
  /** The parsed JSON body, once the body middleware has read it. */
  body?: unknown;
}

export type AppContext = RouterContext<AppState>;
