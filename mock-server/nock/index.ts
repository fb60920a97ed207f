// os1-mock/nock: the fake OS1 behind nock, for tests that must not open a port. Needs nock 14.
export type {
  InProcessAnswer,
  InProcessCallback,
  InProcessReceiver,
} from '../delivery/in-process-transport.js';
export type { InterceptOs1Options, Os1Interceptor } from './intercept-os1.js';
export { interceptOs1 } from './intercept-os1.js';
