#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by area (a package, a mock-server file,
// node's internals, GC), the functions with the most self time, and the functions with the most
// inclusive time (themselves and what they call). Percentages are of the samples in which the
// process was busy (idle samples left out).
//   node bench/profile-summary.mjs bench/results/profile-.../<file>.cpuprofile [top]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Where a frame's code lives: a package, a mock-server file, a node module, or V8 itself. */
function areaOf(frame) {
  const { url, functionName } = frame;
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return '(native / V8 builtins)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+?)\.js$/.exec(url);
  if (own) return own[1];
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' ? `internal/${parts[1] ?? ''}` : parts[0]}`.replace(
      /\.js$/,
      '',
    );
  }
  return url;
}

function shortUrl(url) {
  if (url === '') return '';
  const pkg = /node_modules\/(.+)$/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return own[1];
  return url.replace(/^file:\/\//, '');
}

/**
 * Cost centres: a coarser roll-up of the areas, so a profile of the mock and one of the floor can
 * be read side by side. The first matching centre wins; a frame is matched by its area or name.
 */
const CENTRES = [
  ['kernel: socket writes (writev)', (frame) => frame.functionName === 'writev'],
  ['garbage collector (main thread)', (frame) => frame.functionName === '(garbage collector)'],
  ['signing (HMAC)', (_frame, area) => /^node:internal\/crypto|^mock-server\/signing/.test(area)],
  [
    'Koa and its router',
    (_frame, area) =>
      /^(koa|@koa\/router|koa-compose|delegates|on-finished|parseurl|statuses|type-is|content-type|mime-types|http-errors)$/.test(
        area,
      ),
  ],
  ['undici (callback client)', (_frame, area) => area === 'undici'],
  ['node: HTTP, streams, events, timers', (_frame, area) => /^node:/.test(area)],
  ['os1-mock: HTTP steps and routes', (_frame, area) => /^mock-server\/http\//.test(area)],
  ['os1-mock: processing, store, delivery', (_frame, area) => /^mock-server\//.test(area)],
  ['ajv and other packages', (_frame, area) => !area.startsWith('(') && !area.includes('/dist/')],
];

function centreOf(frame, area) {
  for (const [name, matches] of CENTRES) if (matches(frame, area)) return name;
  return 'V8 builtins, (program) and other';
}

const keyOf = (frame) =>
  `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`.trim();

export function analyseProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  const centres = new Map();
  let busy = 0;
  let idle = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle++;
      continue;
    }
    busy++;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + 1);
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + 1);
    const centre = centreOf(node.callFrame, area);
    centres.set(centre, (centres.get(centre) ?? 0) + 1);
    const seen = new Set();
    for (let cursor = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (!frame || SPECIAL.has(frame.functionName)) continue;
      const frameKey = keyOf(frame);
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      inclusive.set(frameKey, (inclusive.get(frameKey) ?? 0) + 1);
    }
  }
  const ranked = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, samples]) => ({ name, samples, percent: (100 * samples) / Math.max(busy, 1) }));
  return {
    samples: busy + idle,
    busySamples: busy,
    busyPercent: (100 * busy) / Math.max(busy + idle, 1),
    seconds: (profile.endTime - profile.startTime) / 1e6,
    areas: ranked(areas),
    centres: ranked(centres),
    self: ranked(self),
    inclusive: ranked(inclusive),
  };
}

export function summarizeProfile(path, { print = false, top = 25 } = {}) {
  const summary = analyseProfile(JSON.parse(readFileSync(path, 'utf8')));
  if (print) {
    const pct = (p) => `${p.toFixed(1).padStart(5)}%`;
    console.log(
      `${summary.samples.toLocaleString('en')} samples over ${summary.seconds.toFixed(1)} s, ` +
        `busy in ${summary.busyPercent.toFixed(0)}%; percentages below are of the busy samples`,
    );
    console.log('\nSelf time by cost centre:');
    for (const row of summary.centres) console.log(`  ${pct(row.percent)}  ${row.name}`);
    console.log('\nSelf time by area:');
    for (const row of summary.areas.slice(0, 20)) console.log(`  ${pct(row.percent)}  ${row.name}`);
    console.log(`\nTop ${top} functions by self time:`);
    for (const row of summary.self.slice(0, top)) console.log(`  ${pct(row.percent)}  ${row.name}`);
    console.log(`\nTop ${top} functions by inclusive time (JavaScript frames):`);
    const interesting = summary.inclusive.filter(
      (row) => /:\d+$/.test(row.name) && row.percent < 99.5,
    );
    for (const row of interesting.slice(0, top)) console.log(`  ${pct(row.percent)}  ${row.name}`);
  }
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  summarizeProfile(path, { print: true, top: Number(top) || 25 });
}
