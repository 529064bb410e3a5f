// The body of one publish of many contracts (one provider each, about 700 bytes a contract).

function pact(consumer: string, provider: string) {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `a request for ${provider}`,
        providerState: 'it exists',
        request: { method: 'GET', path: `/things/${provider}`, headers: { Accept: 'application/json' } },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { id: 1, name: provider },
        },
      },
    ],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

export function largePublishBody(consumer: string, version: string, contracts: number): string {
  return JSON.stringify({
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: Array.from({ length: contracts }, (_, i) => ({
      consumerName: consumer,
      providerName: `provider-${String(i).padStart(5, '0')}`,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(JSON.stringify(pact(consumer, `provider-${String(i).padStart(5, '0')}`))).toString(
        'base64',
      ),
    })),
  });
}
