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
  /** Whether the request carries X-OS1-Mock-* headers, as the header step found (OS1 API only). */
  controlHeaders?: boolean;
  /** The parsed JSON body, once the body reader has read it. */
  body?: unknown;
  /**
   * The text `body` was parsed from (a leading BOM dropped): the 202 answer echoes it as it is
   * instead of serialising `body` again. Whoever replaces `body` must delete it.
   */
  bodyText?: string;
}

export type AppContext = RouterContext<AppState>;
