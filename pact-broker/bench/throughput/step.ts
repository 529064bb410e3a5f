// The throughput bench's step as three requests (publish a pact, read it, publish a verification), shared by the
// rate bench and the statement counter so both measure the same thing.

import { Agent, request } from 'node:http';

const PAIRS = 10;

function pact(consumer: string, provider: string, revision: number) {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: 4 }, (_, i) => ({
      description: `request ${i}`,
      providerState: `state ${i}`,
      request: { method: 'GET', path: `/things/${i}` },
      response: { status: 200, body: { id: i, revision } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

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

/** The step's requests for version `n`, to be sent in order (each after the previous one answered). */
export function stepRequests(url: string, n: number): Array<() => Promise<unknown>> {
  const pair = n % PAIRS;
  const consumer = `consumer-${pair}`;
  const provider = `provider-${pair}`;
  const number = `1.0.${n}`;
  let verificationHref = '';
  return [
    () =>
      send('POST', `${url}/contracts/publish`, {
        pacticipantName: consumer,
        pacticipantVersionNumber: number,
        branch: 'main',
        contracts: [
          {
            consumerName: consumer,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            // A new content every fourth version, as pipelines mostly republish what they had.
            content: Buffer.from(JSON.stringify(pact(consumer, provider, Math.floor(n / 4)))).toString(
              'base64',
            ),
          },
        ],
      }),
    async () => {
      const read = await send(
        'GET',
        `${url}/pacts/provider/${provider}/consumer/${consumer}/version/${number}`,
      );
      verificationHref = (read._links as Record<string, { href: string }>)['pb:publish-verification-results']!
        .href;
    },
    () => send('POST', verificationHref, { success: true, providerApplicationVersion: `9.0.${n}` }),
  ];
}
