// Runs child processes with captured, interleaved output; every command the pipeline runs goes through here.
import { type ChildProcess, spawn } from 'node:child_process';

/** Children still running, so a signal handler can stop them all before the process exits. */
const live = new Set<ChildProcess>();

/** Sends SIGTERM to every child still running (used on SIGINT/SIGTERM). */
export function terminateChildren(): void {
  for (const child of live) child.kill('SIGTERM');
}

export interface ExecOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGTERM, then SIGKILL) after this long. */
  timeoutMs?: number;
  /** Called with each chunk of output as it arrives (for --verbose). */
  onOutput?: (chunk: string) => void;
}

export interface ExecResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr in arrival order. */
  output: string;
  durationMs: number;
}

/** Quotes one argument for display (the command is never run through a shell). */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quote).join(' ');
}

/** Runs a command to completion; never rejects for a non-zero exit (the caller decides what failure means). */
export function exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
      options.onOutput?.(chunk);
    });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }, options.timeoutMs);
    }
    child.on('error', (err) => {
      live.delete(child);
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      if (timer) clearTimeout(timer);
      if (timedOut) output += `\n[timed out after ${options.timeoutMs} ms]\n`;
      resolve({
        command: formatCommand(file, args),
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        output,
        durationMs: Date.now() - started,
      });
    });
  });
}
