// The latency bench's client, run in a child process so that the broker's event loop serves the requests alone,
// as an external load tool's reach it (a client in the broker's process adds its own CPU to every request's
// time). Requests go one at a time over a kept-alive connection; each is timed to its parsed JSON body.
import { send } from '../http-client.js';

export interface LatencyTask {
  requests: Array<{ method: string; url: string; body?: unknown }>;
  /** The first requests, not measured; one of them may be retried (a kept-alive socket closed while idle). */
  warmup: number;
}

export interface LatencyResult {
  /** Milliseconds per measured request, in order. */
  ms: number[];
  /** The JSON body of every request, warm-up included. */
  bodies: Array<Record<string, unknown>>;
}

async function run(task: LatencyTask): Promise<LatencyResult> {
  const ms: number[] = [];
  const bodies: Array<Record<string, unknown>> = [];
  for (const [i, r] of task.requests.entries()) {
    const start = performance.now();
    const body = await send(r.method, r.url, r.body).catch((err: unknown) =>
      i < task.warmup ? send(r.method, r.url, r.body) : Promise.reject(err),
    );
    const took = performance.now() - start;
    if (i >= task.warmup) ms.push(took);
    bodies.push(body);
  }
  return { ms, bodies };
}

process.on('message', (task: LatencyTask) => {
  run(task).then(
    (result) => process.send?.({ result }),
    (err: unknown) => process.send?.({ error: String((err as Error).stack ?? err) }),
  );
});
