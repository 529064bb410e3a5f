// The built `orders-service` bin: starts from the environment, serves, stops cleanly on SIGTERM; bad config exits 2.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin/start.js', import.meta.url));

describe('orders-service bin', () => {
  it('starts on the given port, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN], {
      env: { ...process.env, PORT: '0', AMQP_URL: '', DATABASE_URL: '' },
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const started = new Promise<{ url: string; database: string; transport: string }>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const line = output.split('\n').find((l) => l.includes('"event":"started"'));
        if (line) resolve(JSON.parse(line));
      });
    });
    const info = await started;
    expect(info).toMatchObject({ database: 'pglite', transport: 'embedded' });
    expect((await fetch(`${info.url}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    // A fresh process compiles PGlite's WebAssembly on start: slow on a loaded 2-core CI machine.
  }, 120_000);

  it('exits 2 naming the variable when the configuration is invalid', async () => {
    const child = spawn(process.execPath, [BIN], { env: { ...process.env, PORT: 'eighty' } });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('PORT');
  }, 60_000);
});
