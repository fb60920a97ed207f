// Child processes for the bench: start one and wait for its "ready at <url>" line, run one to its
// end and keep its output, read its CPU time and peak memory. Every wait is bounded.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const READY = /ready at (http:\/\/\S+)/;

/**
 * Spawns `node <args>` and resolves once it prints "ready at <url>" on stdout, with a handle to stop
 * it. Rejects (and kills it) if it exits first or is not ready within `timeoutMs`.
 */
export function startChild(args, { env = {}, timeoutMs = 15_000, nodeOptions = [] } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeOptions, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const fail = (message) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${message}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code) => fail(`exited (${code}) before it was ready`);
    child.once('exit', onExit);
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.stdout.on('data', function onData(chunk) {
      output += chunk;
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        url: match[1].replace(/\/$/, ''),
        pid: child.pid,
        readyMs: performance.now() - started,
        stop: () => stopChild(child),
      });
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (or signal). */
export function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? child.signalCode);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs `node <args>` to its end (killed after `timeoutMs`) and resolves with its exit code, output,
 * wall time, and the object on its "BENCH_RESULT {...}" line, if any. `onStdout(chunk)` sees the
 * output as it arrives, before the process has exited.
 */
export function runChild(
  args,
  { env = {}, timeoutMs = 120_000, nodeOptions = [], onStdout = () => {} } = {},
) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeOptions, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onStdout(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
      let result = null;
      try {
        result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) : null;
      } catch {
        result = null;
      }
      resolve({
        code: code ?? signal,
        timedOut,
        wallMs: performance.now() - started,
        stdout,
        stderr,
        result,
      });
    });
  });
}

/** CPU seconds (user + system) a process has used so far; null where /proc is not there. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Current and peak resident memory of a process in bytes; nulls where /proc is not there. */
export function residentMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
  } catch {
    return { rss: null, peak: null };
  }
}
