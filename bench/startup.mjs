#!/usr/bin/env node
// Time from process start to "ready" for `os1-mock serve`, over several runs.
// Usage: npm run build && node bench/startup.mjs [runs] [--json]
// With --json it also prints one line "BENCH_RESULT {...}" with the times (bench/run.mjs reads it).
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const runs = Math.min(Math.max(Number(process.argv[2] ?? 15) || 15, 1), 100);
const cli = fileURLToPath(new URL('../dist/mock-server/cli/main.js', import.meta.url));

function startOnce() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('not ready within 10 s'));
    }, 10_000);
    child.stdout.on('data', (chunk) => {
      if (!String(chunk).includes('ready at')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    });
  });
}

const times = [];
for (let i = 0; i < runs; i++) times.push(await startOnce());
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  `os1-mock serve, process start to ready (${runs} runs; node ${process.version}, ${cpus().length} cores)`,
);
console.log(
  `  min ${at(0).toFixed(0)} ms   median ${at(0.5).toFixed(0)} ms   p90 ${at(0.9).toFixed(0)} ms   max ${times.at(-1).toFixed(0)} ms`,
);
if (process.argv.includes('--json')) {
  const [min, median, p90, max] = [at(0), at(0.5), at(0.9), times.at(-1)];
  console.log(`BENCH_RESULT ${JSON.stringify({ runs, min, median, p90, max })}`);
}
