import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../support/cli-process.js';
import { spawnProcess } from '../support/cli-process.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const TITLE = '## Validation hooks (onRequest / onError)\n';
const README_HOOK_URL = 'http://127.0.0.1:4030/';
const FENCE = '```';

function section(): string {
  const start = readme.indexOf(TITLE);
  if (start < 0) throw new Error(`README has no "${TITLE.trim()}" section`);
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

function block(language: string): string {
  const match = section().match(new RegExp(`${FENCE}${language}\\n([\\s\\S]*?)${FENCE}`));
  if (!match?.[1]) throw new Error(`no \`\`\`${language} block in the hooks section`);
  return match[1];
}

/** The JSON body of the README's curl (`-d '...'`). */
function curlBody(): Record<string, unknown> {
  const match = block('sh').match(/-d '([\s\S]*?)'/);
  if (!match?.[1]) throw new Error("the hooks section's curl has no -d '...' body");
  return JSON.parse(match[1]);
}

describe("the README's validation hook example", () => {
  const f = useMockFixture();
  let hook: RunningProcess;
  let hookUrl: string;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'os1-hook-'));
    const file = join(directory, 'tracking-hook.mjs');
    writeFileSync(file, block('js'));
    hook = spawnProcess(process.execPath, [file], { env: { PORT: '0' } });
    const [, url] = await hook.waitForOutput(/hook at (http:\/\/\S+)/);
    hookUrl = url as string;
  });

  afterAll(async () => {
    await hook?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const withHook = (body: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(body).replaceAll(README_HOOK_URL, hookUrl));

  it('fails a container without a tracking id at once, with the hook’s reason, instead of by callback', async () => {
    const body = withHook(curlBody());
    expect(body.onRequest.url).toBe(hookUrl);
    const response = await f.request('POST', '/core/api/v2/containers/bag', { body });
    expectError(response, 'HOOK_REJECTED', /answered 422.*: a container needs a tracking id/, {
      hook: 'onRequest',
      url: hookUrl,
      methodName: 'create:OnRequest',
      status: 422,
      reason: 'a container needs a tracking id',
    });
    expect(section()).toContain('"code": "900000400008"');
    expect(f.mock.core.operations.pending).toBe(0);
  });

  it('lets a container with a tracking id through', async () => {
    const body = withHook({
      ...curlBody(),
      trackingDetails: [{ operator: 'acme', trackingId: 'T-1' }],
    });
    const response = await f.request('POST', '/core/api/v2/containers/bag', { body });
    expect(response.status).toBe(202);
    expect(f.mock.core.hookCalls.list()).toMatchObject([
      {
        outcome: 'passed',
        requestHeaders: { authorization: 'Bearer test…**** (10 chars)' },
      },
    ]);
  });
});
