// Progress output of a pipeline run: one line when a step starts, one when it ends (duration, ok/fail).
export interface Reporter {
  line(text: string): void;
  stepStart(index: number, total: number, title: string): void;
  /** `warning`: the step passed but has something to look at (shown as ⚠ instead of ✔). */
  stepEnd(
    index: number,
    total: number,
    title: string,
    ok: boolean,
    durationMs: number,
    warning?: string,
  ): void;
  /** Indented detail under the current step. */
  detail(text: string): void;
  /** Output of a failed command, shown in full so the cause is on screen. */
  failure(text: string): void;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function textReporter(write: (text: string) => void, color = false): Reporter {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    line: (text) => write(`${text}\n`),
    stepStart: (i, n, title) => write(`${paint(36, '▶')} [${i}/${n}] ${title}\n`),
    stepEnd: (i, n, title, ok, ms, warning) =>
      write(
        ok && warning
          ? `${paint(33, '⚠')} [${i}/${n}] ${title} ok, but ${warning} (${formatDuration(ms)})\n`
          : `${ok ? paint(32, '✔') : paint(31, '✖')} [${i}/${n}] ${title} ${ok ? 'ok' : 'FAILED'} (${formatDuration(ms)})\n`,
      ),
    detail: (text) => write(`${text.replace(/^/gm, '    ')}\n`),
    failure: (text) => write(`${text.trimEnd().replace(/^/gm, '  │ ')}\n`),
  };
}
