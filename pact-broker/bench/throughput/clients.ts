// The throughput bench's HTTP clients, run in a child process so that the broker's process spends CPU on the
// broker alone (an external load tool's share, as the reviewers measure it). Driven by IPC from run.ts.
import { send } from '../http-client.js';
import { stepRequests } from './step.js';

export interface ClientsTask {
  url: string;
  what: 'heartbeat' | 'step';
  clients: number;
  seconds: number;
  /** First version number of this task's steps (each step publishes a new consumer version). */
  firstVersion: number;
}

export interface ClientsResult {
  done: number;
  seconds: number;
  /** This (client) process's CPU time over the run, ms. */
  cpuMs: number;
}

async function heartbeat(url: string): Promise<void> {
  await send('GET', `${url}/diagnostic/status/heartbeat`);
}

async function run(task: ClientsTask): Promise<ClientsResult> {
  let version = task.firstVersion;
  const once =
    task.what === 'heartbeat'
      ? () => heartbeat(task.url)
      : async () => {
          for (const send of stepRequests(task.url, version++)) await send();
        };
  const start = performance.now();
  const until = start + task.seconds * 1000;
  const cpu = process.cpuUsage();
  let done = 0;
  await Promise.all(
    Array.from({ length: task.clients }, async () => {
      while (performance.now() < until) {
        await once();
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { done, seconds: (performance.now() - start) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

process.on('message', (task: ClientsTask) => {
  run(task).then(
    (result) => process.send?.({ result }),
    (err: unknown) => process.send?.({ error: String((err as Error).stack ?? err) }),
  );
});
