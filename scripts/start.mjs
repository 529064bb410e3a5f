// `npm start`: the whole contract pipeline on the embedded broker (see packages/pipeline/README.md).
// Runs after `turbo run build`; flags are passed through, e.g. `npm start -- --exit`. Before the pipeline
// starts its broker: if the data folder is held by a running broker (another `npm start`, `npm run broker`),
// the pipeline runs against that one and exits; else the broker gets port 9292 or the next free one.
import { createServer } from 'node:net';
import { isAbsolute, join, relative } from 'node:path';
import { describeHolder, readDataDirHolder } from '@accord/db';
import { findWorkspaceRoot, main, parseArgs } from '@accord/pipeline';

/** How many ports after the preferred one are tried before the pipeline picks any free port. */
const NEXT_PORTS = 20;
/** How long a broker that holds the folder but has not said where it listens yet may take to start. */
const STARTING_MS = 60_000;

function fail(line) {
  process.stderr.write(`accord: ${line}\n`);
  process.exit(1);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function answers(url) {
  try {
    const res = await fetch(`${url}/diagnostic/status/heartbeat`, { signal: AbortSignal.timeout(3000) });
    return res.ok || res.status === 401;
  } catch {
    return false;
  }
}

/** The live holder of the folder once it said where it listens (waiting while it starts), or undefined when free. */
async function runningHolder(dataDir, shown) {
  for (;;) {
    const holder = await readDataDirHolder(dataDir);
    if (holder === undefined) return undefined;
    if (holder.owner !== 'accord-broker') {
      fail(
        `${shown} is in use by ${describeHolder(holder)}, not a broker; stop it or pass --data-dir <folder>`,
      );
    }
    if (holder.url !== undefined) return holder;
    if (Date.now() - Date.parse(holder.startedAt) > STARTING_MS) {
      fail(
        `${shown} is held by ${describeHolder(holder)}, which never started listening; stop it and run again`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Arguments added to the user's: the running broker to reuse, or the port to start one on. */
async function decide(args) {
  let config;
  try {
    config = parseArgs(['start', ...args], process.env, process.cwd());
  } catch {
    return []; // the pipeline reports bad arguments itself
  }
  if (config === 'help' || config.brokerUrl) return [];
  // The same folder the pipeline would start its broker in.
  const dataDir = config.dataDir
    ? isAbsolute(config.dataDir)
      ? config.dataDir
      : join(config.cwd, config.dataDir)
    : join(findWorkspaceRoot(config.cwd), '.accord', 'broker-data');
  const inside = relative(process.cwd(), dataDir);
  const shown = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : dataDir;
  const holder = await runningHolder(dataDir, shown);
  if (holder !== undefined) {
    if (!(await answers(holder.url))) {
      fail(`${shown} is held by ${describeHolder(holder)}, which does not answer; stop it and run again`);
    }
    process.stdout.write(
      `accord: ${shown} is in use by ${describeHolder(holder)}; running the pipeline against that broker (it keeps running)\n`,
    );
    return ['--broker-url', holder.url, '--exit'];
  }
  if (config.port === 0) return [];
  for (let port = config.port; port <= Math.min(config.port + NEXT_PORTS, 65535); port++) {
    if (await portIsFree(port)) return port === config.port ? [] : ['--port', String(port)];
  }
  return [];
}

const args = process.argv.slice(2);
const code = await main(['start', ...args, ...(await decide(args))]);
process.exit(code);
