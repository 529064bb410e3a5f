// Bench helper: with BENCH_DATABASE_URL a throwaway PostgreSQL database for one run (dropped afterwards),
// else none (the broker runs on in-memory PGlite).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export async function benchDatabase(admin = process.env.BENCH_DATABASE_URL): Promise<BenchDatabase> {
  if (!admin) return { databaseUrl: undefined, drop: async () => {} };
  const name = `accord_broker_bench_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { databaseUrl: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
