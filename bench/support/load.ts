import http from 'node:http';

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Kassa's own time per request (its Server-Timing header), when the server sends it. */
  server: { p50: number; p99: number } | null;
  statuses: Record<number, number>;
}

/** The q-quantile of sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Answer {
  status: number;
  /** The `app;dur=` of a Server-Timing header, in ms. */
  serverMs: number | null;
}

function serverTimingOf(header: string | string[] | undefined): number | null {
  const match = /(?:^|,)\s*app;dur=([\d.]+)/.exec(String(header ?? ''));
  return match ? Number(match[1]) : null;
}

function post(agent: http.Agent, port: number, path: string, token: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, serverMs: serverTimingOf(res.headers['server-timing']) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs every body with `concurrency` requests in flight over keep-alive connections; latency per request in ms. */
export async function postAll(
  port: number,
  path: string,
  token: string,
  bodies: unknown[],
  concurrency: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const payloads = bodies.map((b) => JSON.stringify(b));
  const latencies: number[] = [];
  const serverTimes: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < payloads.length) {
        const body = payloads[next++]!;
        const t0 = performance.now();
        const { status, serverMs } = await post(agent, port, path, token, body);
        latencies.push(performance.now() - t0);
        if (serverMs !== null) serverTimes.push(serverMs);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  serverTimes.sort((a, b) => a - b);
  return {
    count: payloads.length,
    seconds,
    perSecond: payloads.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    server: serverTimes.length === latencies.length ? { p50: quantile(serverTimes, 0.5), p99: quantile(serverTimes, 0.99) } : null,
    statuses,
  };
}
