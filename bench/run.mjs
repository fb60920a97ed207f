#!/usr/bin/env node
// `npm run bench`: every figure of issue 7 in one run, on loopback only, with bounded waits.
//   1. throughput: a bare node:http floor (bench/floor-server.mjs) and `os1-mock serve`, each in its
//      own process, under the same autocannon load (bench/load.mjs, another process), both posting
//      their callbacks to one counting receiver (bench/counting-receiver.mjs, another process);
//   2. callback lateness and memory (bench/delivery.mjs, bench/pending-memory.mjs);
//   3. process start to ready (bench/startup.mjs);
//   4. the wall time of `os1-mock verify` against a local receiver (bench/verify-receiver.mjs).
// Prints a table with the issue's targets and writes the figures to bench/results/<time>.json.
// Builds dist first when it is missing or older than the sources.
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_WARMUP=2 npm run bench
//   npm run bench -- --throughput-only      only part 1
//   npm run bench -- --profile              part 1's load on os1-mock under --cpu-prof, then its
//                                           hot spots (bench/profile-summary.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, residentMemory, runChild, startChild } from './children.mjs';
import { summarizeProfile } from './profile-summary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => join(ROOT, path);
const CLI = at('dist/mock-server/cli/main.js');
const RESULTS = at('bench/results');

const bounded = (name, fallback, min, max) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) ? Math.min(Math.max(Math.round(value), min), max) : fallback;
};
const DURATION_S = bounded('BENCH_DURATION', 10, 1, 60);
const CONNECTIONS = bounded('BENCH_CONNECTIONS', 50, 1, 1000);
const WARMUP_S = bounded('BENCH_WARMUP', 2, 0, 30);
const STARTUP_RUNS = 10;
/** How long callbacks may take to arrive once the load stops. */
const SETTLE_LIMIT_MS = 30_000;
/** Give up settling when the count has not moved for this long. */
const SETTLE_QUIET_MS = 5_000;
const SECRET = 'bench-secret-4f1c9a7e2d';

const TARGETS = {
  ratio: 0.6,
  latenessP99At1k: 5,
  latenessP99At100k: 25,
  rssAt100kMB: 250,
  startMs: 300,
  verifyMs: 2000,
};

const args = new Set(process.argv.slice(2));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const int = (n) => (n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en'));
const ms = (n, digits = 1) => (n === null || n === undefined ? 'n/a' : `${n.toFixed(digits)} ms`);
const mb = (bytes) =>
  bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(0)} MB`;
const verdict = (ok) => (ok === null ? '  -  ' : ok ? ' met ' : 'MISSED');

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryMB: Math.round(os.totalmem() / 1e6),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** Builds dist when it is missing or any source is newer than it. */
function ensureBuilt() {
  if (process.env.BENCH_SKIP_BUILD === '1') return 'skipped (BENCH_SKIP_BUILD=1)';
  const builtAt = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  const newest = (dir) => {
    let latest = 0;
    for (const entry of readdirSync(at(dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|json)$/.test(entry.name)) continue;
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
    return latest;
  };
  const sourcesAt = Math.max(
    ...['mock-server', 'contracts', 'fixtures'].map(newest),
    statSync(at('tsconfig.build.json')).mtimeMs,
  );
  if (builtAt >= sourcesAt) return 'up to date';
  console.log('dist is missing or older than the sources: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    if (!existsSync(CLI)) throw new Error('npm run build failed and there is no dist to bench');
    console.warn('warning: npm run build failed; benching the dist it emitted');
    return 'rebuilt with errors';
  }
  return 'rebuilt';
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}

/** The body of every load request: a bag whose callback goes to the counting receiver. */
function loadRequest(targetUrl, callbackUrl) {
  return {
    url: `${targetUrl}/core/api/v2/containers/bag`,
    connections: CONNECTIONS,
    headers: {
      'content-type': 'application/json',
      'x-coreos-access': 'Bearer bench-access-token',
      'x-coreos-tid': 'bench-tenant',
      'x-coreos-request-id': 'bench-request-0001',
      'x-coreos-origin-token': 'bench-origin-token',
      'x-coreos-userinfo': '{"id":"bench","name":"bench"}',
    },
    body: JSON.stringify({
      trackingDetails: [{ operator: 'bench', trackingId: 'TRK-000001', isPrimary: true }],
      attributes: { weightKg: 1.5, origin: 'BLR' },
      isHazmat: false,
      callback: { url: callbackUrl, meta: { bench: true } },
    }),
  };
}

async function runLoad(request, durationS) {
  const run = await runChild([at('bench/load.mjs'), JSON.stringify({ ...request, durationS })], {
    timeoutMs: (durationS + 30) * 1000,
  });
  if (run.code !== 0) throw new Error(`load generator failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

/** Waits until every accepted request's callback has arrived (bounded); answers how long it took. */
async function settle(progress) {
  const began = performance.now();
  let last = -1;
  let movedAt = began;
  for (;;) {
    const { done, count } = await progress();
    const now = performance.now();
    if (done) return { settled: true, ms: now - began };
    if (count !== last) {
      last = count;
      movedAt = now;
    }
    if (now - movedAt > SETTLE_QUIET_MS || now - began > SETTLE_LIMIT_MS) {
      return { settled: false, ms: now - began };
    }
    await sleep(50);
  }
}

/**
 * One target under load: warm up, settle, count, load, settle, count. `accepted()` answers how many
 * requests the target has accepted so far (its own count), `idle()` whether it has nothing pending.
 */
async function throughput(name, target, receiverUrl, { accepted, idle = async () => true }) {
  const request = loadRequest(target.url, `${receiverUrl}/${name}/callbacks`);
  const callbacks = async () => {
    const { byPath } = await getJson(`${receiverUrl}/count`);
    return byPath[name] ?? { received: 0, signed: 0 };
  };
  const progress = async () => {
    const [want, got, quiet] = await Promise.all([accepted(), callbacks(), idle()]);
    return { done: got.received >= want && quiet, count: got.received };
  };
  if (WARMUP_S > 0) {
    await runLoad(request, WARMUP_S);
    await settle(progress);
  }
  const before = { accepted: await accepted(), callbacks: await callbacks() };
  const cpuBefore = { target: cpuSeconds(target.pid), receiver: cpuSeconds(receiverPid) };
  const load = await runLoad(request, DURATION_S);
  const drained = await settle(progress);
  const after = { accepted: await accepted(), callbacks: await callbacks() };
  const cpu = (pid, was) => {
    const now = cpuSeconds(pid);
    return now === null || was === null ? null : now - was;
  };
  return {
    name,
    load,
    acceptedPerSecond: load.ok2xx / load.durationS,
    serverAccepted: after.accepted - before.accepted,
    callbacksReceived: after.callbacks.received - before.callbacks.received,
    callbacksSigned: after.callbacks.signed - before.callbacks.signed,
    drained,
    cpuSeconds: {
      target: cpu(target.pid, cpuBefore.target),
      receiver: cpu(receiverPid, cpuBefore.receiver),
    },
    memory: residentMemory(target.pid),
  };
}

/** CPU time the server spent per request it accepted: steadier than requests/s on a busy machine. */
const cpuPerRequest = (r) =>
  r.cpuSeconds.target === null || r.serverAccepted === 0
    ? null
    : (r.cpuSeconds.target * 1e6) / r.serverAccepted;

async function benchFloor(receiverUrl, nodeOptions = []) {
  const floor = await startChild([at('bench/floor-server.mjs'), `${receiverUrl}/floor/callbacks`], {
    nodeOptions,
  });
  try {
    return await throughput('floor', floor, receiverUrl, {
      accepted: async () => (await getJson(`${floor.url}/__bench/accepted`)).accepted,
    });
  } finally {
    await floor.stop();
  }
}

function serveArgs() {
  return [
    CLI,
    'serve',
    '--port',
    '0',
    '--log-level',
    'silent',
    '--delay-ms',
    '0',
    '--secret',
    SECRET,
  ];
}

async function benchMock(receiverUrl, nodeOptions = []) {
  const mock = await startChild(serveArgs(), { nodeOptions });
  try {
    return await throughput('os1-mock', mock, receiverUrl, {
      accepted: async () => (await getJson(`${mock.url}/__admin/requests?limit=1`)).received,
      idle: async () => (await getJson(`${mock.url}/__admin/health`)).pendingCallbacks === 0,
    });
  } finally {
    await mock.stop();
  }
}

async function deliveryFigures() {
  const run = await runChild([at('bench/delivery.mjs'), '--json'], {
    nodeOptions: ['--expose-gc'],
    timeoutMs: 240_000,
  });
  if (!run.result)
    return { error: `bench/delivery.mjs failed (${run.code}): ${run.stderr.slice(-1000)}` };
  return { ...run.result, wallMs: run.wallMs };
}

async function pendingMemory() {
  const run = await runChild([at('bench/pending-memory.mjs'), '100000', '--json'], {
    nodeOptions: ['--expose-gc'],
    timeoutMs: 60_000,
  });
  return (
    run.result ?? {
      error: `bench/pending-memory.mjs failed (${run.code}): ${run.stderr.slice(-1000)}`,
    }
  );
}

async function startupFigures() {
  const run = await runChild([at('bench/startup.mjs'), String(STARTUP_RUNS), '--json'], {
    timeoutMs: 120_000,
  });
  return (
    run.result ?? { error: `bench/startup.mjs failed (${run.code}): ${run.stderr.slice(-1000)}` }
  );
}

async function verifyFigures() {
  if (!existsSync(at('dist/mock-server/cli/verify.js'))) {
    return {
      skipped: 'dist/mock-server/cli/verify.js is absent: os1-mock verify is not built yet',
    };
  }
  const receiver = await startChild([at('bench/verify-receiver.mjs')], {
    env: { BENCH_SECRET: SECRET },
  });
  try {
    const run = await runChild([CLI, 'verify', `${receiver.url}/callbacks`, '--secret', SECRET], {
      timeoutMs: 60_000,
      env: { NO_COLOR: '1' },
    });
    if (run.code === 2 && /unknown command/.test(run.stderr)) {
      return { skipped: 'this build of os1-mock has no verify command' };
    }
    const summary = run.stdout
      .trim()
      .split('\n')
      .filter((line) => /pass|fail|skip/i.test(line))
      .at(-1);
    const suiteMs = Number(/in (\d+) ms/.exec(summary ?? '')?.[1] ?? Number.NaN);
    return {
      wallMs: run.wallMs,
      suiteMs: Number.isFinite(suiteMs) ? suiteMs : null,
      exitCode: run.code,
      timedOut: run.timedOut,
      summary: summary ?? '',
    };
  } finally {
    await receiver.stop();
  }
}

function printThroughput(floor, mock) {
  const rows = [floor, mock].map((r) => {
    const l = r.load;
    const problems = l.non2xx + l.errors + l.timeouts;
    return [
      r.name,
      int(r.acceptedPerSecond),
      ms(l.latencyMs.p50, 0),
      ms(l.latencyMs.p99, 0),
      int(l.ok2xx),
      int(r.serverAccepted),
      `${int(r.callbacksReceived)}${r.name === 'os1-mock' ? ` (${int(r.callbacksSigned)} signed)` : ''}`,
      `${problems === 0 ? '0' : `${l.non2xx} non-2xx, ${l.errors} errors, ${l.timeouts} timeouts`}`,
      `${r.drained.settled ? '' : 'NOT '}settled ${ms(r.drained.ms, 0)}`,
      `${r.cpuSeconds.target?.toFixed(1) ?? 'n/a'} / ${r.cpuSeconds.receiver?.toFixed(1) ?? 'n/a'}`,
      cpuPerRequest(r) === null ? 'n/a' : `${cpuPerRequest(r).toFixed(0)} µs`,
      mb(r.memory.peak),
    ];
  });
  const header = [
    'target',
    'accepted/s',
    'p50',
    'p99',
    '2xx seen',
    'accepted by server',
    'callbacks received',
    'errors',
    'callbacks drained',
    'CPU s server/receiver',
    'server CPU/request',
    'peak RSS',
  ];
  printTable(header, rows);
}

function printTable(header, rows) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
  );
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function targetRows(results) {
  const { floor, mock, delivery, memory, startup, verify } = results;
  const rows = [];
  if (floor && mock) {
    const ratio = mock.acceptedPerSecond / floor.acceptedPerSecond;
    results.ratio = ratio;
    const l = mock.load;
    const clean =
      l.non2xx + l.errors + l.timeouts === 0 &&
      mock.callbacksSigned === mock.serverAccepted &&
      mock.callbacksReceived === mock.serverAccepted;
    rows.push([
      'os1-mock / floor accepted requests/s',
      `${(ratio * 100).toFixed(0)}% (${int(mock.acceptedPerSecond)} / ${int(floor.acceptedPerSecond)})`,
      `>= ${TARGETS.ratio * 100}%`,
      verdict(ratio >= TARGETS.ratio),
    ]);
    const [floorCpu, mockCpu] = [cpuPerRequest(floor), cpuPerRequest(mock)];
    if (floorCpu !== null && mockCpu !== null) {
      results.cpuRatio = floorCpu / mockCpu;
      rows.push([
        'floor / os1-mock server CPU per request (the ratio without the noise)',
        `${(results.cpuRatio * 100).toFixed(0)}% (${floorCpu.toFixed(0)} µs / ${mockCpu.toFixed(0)} µs)`,
        'informative',
        verdict(null),
      ]);
    }
    rows.push([
      'os1-mock: every accepted request called back, signed; no errors',
      `${int(mock.callbacksSigned)} signed of ${int(mock.serverAccepted)} accepted; ${l.non2xx + l.errors + l.timeouts} errors`,
      'all, 0 errors',
      verdict(clean),
    ]);
  }
  if (delivery && !delivery.error) {
    const rate = delivery.throughput.perSecond;
    const label = (run) => {
      const asked = run.pending / (run.spreadMs / 1000);
      const backlog = asked > rate ? `; ${int(asked)}/s asked, above the delivery rate` : '';
      return `${int(run.pending)} pending, due over ${run.spreadMs / 1000} s${backlog}`;
    };
    for (const run of delivery.lateness) {
      const limit = run.pending >= 100_000 ? TARGETS.latenessP99At100k : TARGETS.latenessP99At1k;
      rows.push([
        `callback lateness p50 / p99 (max), ${label(run)}`,
        `${run.p50} / ${run.p99} (${run.max}) ms${run.dead ? `, ${run.dead} dead` : ''}`,
        `p99 <= ${limit} ms`,
        verdict(run.p99 <= limit),
      ]);
    }
    for (const run of delivery.lateness.filter((r) => r.pending >= 100_000)) {
      rows.push([
        `RSS in bench/delivery.mjs's process, ${label(run)}`,
        mb(run.rss),
        `<= ${TARGETS.rssAt100kMB} MB`,
        verdict(run.rss / 1e6 <= TARGETS.rssAt100kMB),
      ]);
    }
    rows.push([
      `callbacks delivered per second (${int(delivery.throughput.callbacks)} due at once)`,
      `${int(delivery.throughput.perSecond)} /s`,
      '-',
      verdict(null),
    ]);
  } else if (delivery) {
    rows.push(['callback lateness and memory (bench/delivery.mjs)', delivery.error, '-', 'MISSED']);
  }
  if (memory && !memory.error) {
    rows.push([
      `RSS of a fresh mock with ${int(memory.pending)} pending callbacks`,
      `${mb(memory.rssMiB * 1_048_576)} (${memory.bytesPerPending} B heap each)`,
      `<= ${TARGETS.rssAt100kMB} MB`,
      verdict(memory.rssMiB * 1.048576 <= TARGETS.rssAt100kMB),
    ]);
  } else if (memory) {
    rows.push(['RSS with 100,000 pending (bench/pending-memory.mjs)', memory.error, '-', 'MISSED']);
  }
  if (startup && !startup.error) {
    rows.push([
      `serve: process start to ready, median of ${startup.runs} (min / p90)`,
      `${ms(startup.median, 0)} (${ms(startup.min, 0)} / ${ms(startup.p90, 0)})`,
      `<= ${TARGETS.startMs} ms`,
      verdict(startup.median <= TARGETS.startMs),
    ]);
  } else if (startup) {
    rows.push(['serve: process start to ready', startup.error, '-', 'MISSED']);
  }
  if (verify?.skipped) {
    rows.push([
      'os1-mock verify, wall time',
      `skipped: ${verify.skipped}`,
      `<= ${TARGETS.verifyMs} ms`,
      verdict(null),
    ]);
  } else if (verify) {
    rows.push([
      'os1-mock verify <local receiver>, process start to exit',
      `${ms(verify.wallMs, 0)} (suite ${ms(verify.suiteMs, 0)}), exit ${verify.exitCode}${verify.exitCode === 0 ? ', every MUST case passed' : ''}`,
      `<= ${TARGETS.verifyMs} ms`,
      verdict(verify.wallMs <= TARGETS.verifyMs),
    ]);
  }
  return rows;
}

/** Part 1's load on the floor and on os1-mock, each under --cpu-prof, then their hot spots. */
async function profile(receiverUrl) {
  const dir = join(RESULTS, `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  for (const [name, bench] of [
    ['floor', benchFloor],
    ['os1-mock', benchMock],
  ]) {
    const into = join(dir, name);
    mkdirSync(into, { recursive: true });
    const run = await bench(receiverUrl, ['--cpu-prof', '--cpu-prof-dir', into]);
    const file = readdirSync(into).find((entry) => entry.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${into}: did ${name} exit cleanly?`);
    console.log(
      `\n=== ${name} under --cpu-prof: ${int(run.acceptedPerSecond)} accepted/s, ` +
        `p99 ${ms(run.load.latencyMs.p99, 0)}, ${int(run.callbacksReceived)} callbacks of ` +
        `${int(run.serverAccepted)} accepted, ${run.cpuSeconds.target?.toFixed(1) ?? 'n/a'} CPU s`,
    );
    summarizeProfile(join(into, file), { print: true, top: name === 'floor' ? 12 : 30 });
    console.log(`profile: ${join(into, file)} (open it in Chrome DevTools or speedscope)`);
  }
}

let receiverPid = null;

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const build = ensureBuilt();
  const started = machine();
  console.log('os1-mock bench (issue 7)');
  console.log(
    `machine: ${started.cores} cores (${started.cpu}), ${started.memoryMB} MB RAM, ${started.platform}, ` +
      `node ${started.node}; load average ${started.loadAverage.join(' ')} at start; dist ${build}`,
  );
  console.log(
    `load: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s (after ${WARMUP_S} s warm-up), ` +
      'POST /core/api/v2/containers/bag with every OS1 header and a callback; loopback only\n',
  );
  const receiver = await startChild([at('bench/counting-receiver.mjs')], {
    env: { BENCH_SECRET: SECRET },
  });
  receiverPid = receiver.pid;
  const results = { startedAt: new Date().toISOString(), machine: started, build };
  results.settings = { durationS: DURATION_S, connections: CONNECTIONS, warmupS: WARMUP_S };
  try {
    if (args.has('--profile')) {
      await profile(receiver.url);
      return;
    }
    console.log('Throughput: one callback per accepted request, to one counting receiver');
    results.floor = await benchFloor(receiver.url);
    results.mock = await benchMock(receiver.url);
  } finally {
    await receiver.stop();
  }
  printThroughput(results.floor, results.mock);
  console.log(
    'accepted/s = 2xx answers / load seconds; p50/p99 = autocannon latency; "accepted by server" is the\n' +
      "target's own count (it includes requests still in flight when the load stopped); CPU s = CPU\n" +
      'seconds the server and the receiver used from the load start until the callbacks drained;\n' +
      "server CPU/request = the server's CPU s / requests it accepted.\n",
  );
  if (!args.has('--throughput-only')) {
    console.log('Delivery (bench/delivery.mjs, about a minute), memory, start-up, verify ...');
    results.delivery = await deliveryFigures();
    results.memory = await pendingMemory();
    results.startup = await startupFigures();
    results.verify = await verifyFigures();
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((n) => Number(n.toFixed(2)));
  console.log('\nFigures against the targets of issue 7');
  printTable(['figure', 'measured', 'target', 'verdict'], targetRows(results));
  console.log(
    `\nload average ${started.loadAverage.join(' ')} at start, ${results.machine.loadAverageAtEnd.join(' ')} at end ` +
      `(${started.cores} cores: above ${started.cores} means other work competed for the CPU)`,
  );
  const file = join(RESULTS, `bench-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`figures written to ${file}`);
}

main().catch((error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exit(1);
});
