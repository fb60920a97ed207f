#!/usr/bin/env node
// The load generator of the throughput bench, in a process of its own: autocannon against one
// target, then one JSON line on stdout with the figures bench/run.mjs reads.
//   node bench/load.mjs '{"url":"http://127.0.0.1:4010/core/api/v2/containers/bag",
//                         "connections":50,"durationS":10,"headers":{...},"body":"{...}"}'
import autocannon from 'autocannon';

const { url, connections, durationS, headers, body } = JSON.parse(process.argv[2] ?? '{}');

const result = await autocannon({
  url,
  method: 'POST',
  headers,
  body,
  connections,
  duration: durationS,
  // A request unanswered this long counts as a timeout rather than stalling the run.
  timeout: 10,
});

process.stdout.write(
  `${JSON.stringify({
    durationS: result.duration,
    sent: result.requests.sent,
    completed: result.latency.totalCount,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    requestsPerSecond: { mean: result.requests.mean, stddev: result.requests.stddev },
  })}\n`,
);
