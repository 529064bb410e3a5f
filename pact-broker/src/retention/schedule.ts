// The optional clean schedule inside a broker (PACT_BROKER_DATABASE_CLEAN_ENABLED): a cron expression in UTC, one
// run at a time per process, and across brokers on one PostgreSQL the clean's advisory lock lets one of them clean.

import { Cron } from 'croner';
import type { MigratableDb } from '../db/db.js';
import type { Log } from '../deps.js';
import { type CleanReport, clean } from './clean.js';
import { plain } from './json.js';
import type { CleanSettings } from './settings.js';

// setTimeout's ceiling (about 24.8 days); a later run is reached in several waits.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class CleanSchedule {
  private readonly cron: Cron;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CleanReport | undefined> | undefined;
  private stopping = false;

  constructor(
    private readonly db: MigratableDb,
    private readonly settings: CleanSettings,
    private readonly log: Log,
  ) {
    this.cron = new Cron(settings.cronSchedule, { timezone: 'UTC', paused: true });
  }

  start(): void {
    const dry = this.settings.dryRun ? ' (dry run)' : '';
    this.log('info', `Database clean scheduled "${this.settings.cronSchedule}" (UTC)${dry}`, {
      task: 'clean',
    });
    for (const key of this.settings.ignoredKeys) {
      this.log('warn', `Ignoring ${key}: not a keep selector attribute`, { task: 'clean' });
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopping) return;
    const next = this.cron.nextRun(new Date());
    if (next === null) {
      this.log('warn', `The clean schedule "${this.settings.cronSchedule}" never fires`, { task: 'clean' });
      return;
    }
    const wait = (at: Date) => {
      const ms = at.getTime() - Date.now();
      this.timer = setTimeout(
        () => {
          if (Date.now() < at.getTime()) wait(at);
          else void this.runNow().finally(() => this.arm());
        },
        Math.max(0, Math.min(ms, MAX_TIMER_MS)),
      );
      // A pending clean never keeps a broker alive that is otherwise done.
      this.timer.unref();
    };
    wait(next);
  }

  /** One run now, unless this process is already cleaning; errors are logged, never thrown. */
  runNow(): Promise<CleanReport | undefined> {
    if (this.running) return this.running;
    const s = this.settings;
    this.running = clean(this.db, {
      keep: s.keepVersionSelectors,
      keepBranches: s.keepBranchSelectors,
      limit: s.deletionLimit,
      dryRun: s.dryRun,
      overwrittenDataMaxAge: s.overwrittenDataMaxAge,
      shouldStop: () => this.stopping,
      onLine: (line) =>
        this.log(
          'info',
          line.message,
          line.payload === undefined ? { task: 'clean' } : { task: 'clean', payload: plain(line.payload) },
        ),
    })
      .catch((err: unknown) => {
        this.log('error', `Database clean failed: ${(err as Error).message ?? String(err)}`, {
          task: 'clean',
        });
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the schedule; a running clean ends after its current batch, and this waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
