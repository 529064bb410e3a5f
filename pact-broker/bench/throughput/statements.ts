// Counts the SQL statements and transactions of the throughput bench's step (publish a pact, read it, publish a
// verification), per request, with their summed time against the request's and the CPU each request cost this
// process and, on a local server, PostgreSQL (SQL=1 lists the statements).
// Usage: [BENCH_DATABASE_URL=postgres://…] npx tsx bench/throughput/statements.ts
import { performance } from 'node:perf_hooks';
import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { openDb } from '../../src/db/index.js';
import { benchDatabase } from '../database.js';
import { localDatabase, postgresCpuBetween, postgresCpuSeconds, postgresPids } from './postgres-cpu.js';
import { stepRequests } from './step.js';

const ITER = Number(process.env.ITER ?? 200);
// BEGIN and COMMIT are not counted: the adapters send them beside the query function this wraps.

interface Logged {
  sql: string;
  ms: number;
}

/** Wraps `db` (and the transactions it opens) so every statement is logged and every transaction counted. */
function counting(db: Db, log: Logged[], txs: { n: number }): Db {
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const wrapped = db as Db;
  wrapped.query = (async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    const r = await query(sql, params);
    log.push({ sql, ms: performance.now() - t });
    return r;
  }) as Db['query'];
  wrapped.transaction = ((fn: (tx: Db) => Promise<unknown>) =>
    transaction((tx) => {
      txs.n++;
      const inner: Db = {
        query: (async (sql: string, params?: unknown[]) => {
          const t = performance.now();
          const r = await tx.query(sql, params);
          log.push({ sql, ms: performance.now() - t });
          return r;
        }) as Db['query'],
        transaction: (f) => f(inner),
        exec: (sql) => tx.exec(sql),
      };
      return fn(inner);
    })) as Db['transaction'];
  return wrapped;
}

async function main() {
  const database = await benchDatabase();
  const db = await openDb({ databaseUrl: database.databaseUrl });
  const log: Logged[] = [];
  const txs = { n: 0 };
  counting(db, log, txs);
  const broker = await createBroker(
    defaultConfig({ host: '127.0.0.1', port: 0, databaseUrl: database.databaseUrl }),
    {
      db,
      log: () => {},
    },
  );
  try {
    let n = 0;
    for (let i = 0; i < 50; i++) for (const send of stepRequests(broker.url, n++)) await send();
    const local = localDatabase(database.databaseUrl);
    // Read once: walking /proc for every request would take longer than the request. The pool's connections are
    // open after the warm-up; one opened later is not counted.
    const pids = local ? await postgresPids(local) : undefined;
    const per = ['publish', 'read', 'verify'].map((name) => ({
      name,
      total: [] as number[],
      sum: [] as number[],
      statements: [] as number[],
      txs: [] as number[],
      sql: [] as Logged[],
      cpuMs: 0,
      postgresMs: 0,
    }));
    for (let i = 0; i < ITER; i++) {
      for (const [k, send] of stepRequests(broker.url, n++).entries()) {
        log.length = 0;
        txs.n = 0;
        const pgBefore = pids && (await postgresCpuSeconds(pids));
        const cpu = process.cpuUsage();
        const t = performance.now();
        await send();
        const elapsed = performance.now() - t;
        const used = process.cpuUsage(cpu);
        const pgAfter = pids && (await postgresCpuSeconds(pids));
        const e = per[k]!;
        e.total.push(elapsed);
        // Sums: PostgreSQL's CPU is counted in 10 ms ticks, so only the mean over many requests means anything.
        e.cpuMs += (used.user + used.system) / 1000;
        if (pgBefore && pgAfter) e.postgresMs += postgresCpuBetween(pgBefore, pgAfter) * 1000;
        e.sum.push(log.reduce((a, b) => a + b.ms, 0));
        // Medians, as a background task (the webhook relay's poll) may add a statement now and then.
        e.statements.push(log.length);
        e.txs.push(txs.n);
        e.sql = [...log];
      }
    }
    const med = (a: number[], digits = 2) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(digits);
    process.stdout.write(`storage: ${database.databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}\n`);
    for (const e of per) {
      process.stdout.write(
        `${e.name.padEnd(8)} ${med(e.statements, 0)} statements in ${med(e.txs, 0)} transaction(s) (medians of ${ITER}); request ${med(e.total)} ms, statements summed ${med(e.sum)} ms; ` +
          `CPU (means) this process ${(e.cpuMs / ITER).toFixed(2)} ms${pids ? `, PostgreSQL ${(e.postgresMs / ITER).toFixed(2)} ms` : ''}\n`,
      );
      if (process.env.SQL)
        for (const l of e.sql)
          process.stdout.write(
            `  ${l.ms.toFixed(2).padStart(6)}  ${l.sql.replace(/\s+/g, ' ').slice(0, 140)}\n`,
          );
    }
  } finally {
    await broker.close();
    await database.drop();
  }
}

await main();
