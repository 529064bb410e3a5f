// The benches' HTTP client: node:http on kept-alive connections, in the process that plays the load tool.

import { Agent, request } from 'node:http';

// node:http on kept-alive connections rather than fetch: about half the client CPU per request, so that the
// load generator, which shares the machine's two cores with the broker and PostgreSQL, takes less of them.
const agent = new Agent({ keepAlive: true });

/** Sends a request and resolves its JSON body; a status other than 2xx rejects. */
export function send(method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) reject(new Error(`${method} ${url}: ${status} ${text}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
