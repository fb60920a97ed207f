import nock from 'nock';
import { afterEach } from 'vitest';

// The one place global HTTP interception is reset: no interceptor or blocked host survives a test.
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});
