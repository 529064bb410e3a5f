// CPU time of the local PostgreSQL server's processes, from /proc (Linux), for the throughput benches.
import { readdir, readFile } from 'node:fs/promises';

// Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times.
const TICKS_PER_SECOND = 100;

/**
 * The pids of the processes named `postgres` on this machine (the server, its helpers and its backends; with
 * `database`, not the backends of other databases, which other users of a shared server run), or undefined when
 * /proc cannot tell (another OS).
 */
export async function postgresPids(database?: string): Promise<string[] | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const found: string[] = [];
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat.slice(0, stat.lastIndexOf(')')).includes('(postgres')) continue;
    if (database !== undefined) {
      // A backend's title: "postgres: <cluster>: <user> <database> <client> <state>"; the helpers' have one word.
      const title = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0+$/, '');
      const backend = /^postgres: (?:[^:]+: )?\S+ (\S+) \S+/.exec(title);
      if (backend && backend[1] !== database) continue;
    }
    found.push(pid);
  }
  return found;
}

/**
 * CPU seconds of these processes (default: each process named `postgres`, the server and its backends) by pid, or
 * undefined when /proc cannot tell. Other users' queries on the same server are counted too.
 */
export async function postgresCpuSeconds(
  pids?: string[],
  database?: string,
): Promise<Map<string, number> | undefined> {
  const which = pids ?? (await postgresPids(database));
  if (which === undefined) return undefined;
  const seconds = new Map<string, number>();
  for (const pid of which) {
    // The scheduler's own sum (ms, to the nanosecond) where the kernel keeps it: the ticks of /proc/<pid>/stat
    // are 10 ms samples, coarser than a request.
    const sched = await readFile(`/proc/${pid}/sched`, 'utf8').catch(() => '');
    const runtime = /^se\.sum_exec_runtime\s*:\s*([\d.]+)/m.exec(sched);
    if (runtime) {
      seconds.set(pid, Number(runtime[1]) / 1000);
      continue;
    }
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return seconds;
}

/**
 * CPU seconds the processes spent between the readings: all of a process started meanwhile (a pool replaces an idle
 * connection it closed), nothing of one that ended meanwhile.
 */
export function postgresCpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/** The database a URL names when its server is on this machine (whose processes /proc shows), else undefined. */
export function localDatabase(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const u = new URL(url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
    ? decodeURIComponent(u.pathname.slice(1))
    : undefined;
}
