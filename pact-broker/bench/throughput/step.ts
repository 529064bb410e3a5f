// The throughput bench's step as three requests (publish a pact, read it, publish a verification), shared by the
// rate bench and the statement counter so both measure the same thing.

import { send } from '../http-client.js';

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
