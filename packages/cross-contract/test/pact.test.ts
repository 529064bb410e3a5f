// Pact formats: v4 bodies and pointers, message interactions (message.spec.missing), malformed interactions.
import { describe, expect, it } from 'vitest';
import { CrossContractError, compareWithOpenApi } from '../src/index.js';
import { ORDER_ID, ordersDocument, summary } from './support.js';

const v4Http = (body: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Synchronous/HTTP',
  key: 'k1',
  description: 'a request for an order',
  providerStates: [{ name: 'an order exists', params: { id: ORDER_ID } }],
  request: { method: 'GET', path: `/orders/${ORDER_ID}`, headers: { Accept: ['application/json'] } },
  response: {
    status: 200,
    headers: { 'Content-Type': ['application/json; charset=utf-8'] },
    body: { content: body, contentType: 'application/json', encoded: false },
  },
  ...extra,
});
const v4 = (...interactions: unknown[]) => ({
  consumer: { name: 'web' },
  provider: { name: 'orders-service' },
  interactions,
  metadata: { pactSpecification: { version: '4.0' } },
});

describe('pact v4', () => {
  it('reads bodies as {content, contentType, encoded} and points into content', () => {
    const result = compareWithOpenApi(v4(v4Http({ id: ORDER_ID, discount: 1 })), ordersDocument());
    expect(summary(result)).toEqual([
      [
        'response.body.incompatible',
        '/interactions/0/response/body/content/discount',
        '/components/schemas/Order',
      ],
    ]);
    expect(result.errors[0]!.interaction).toEqual({
      index: 0,
      key: 'k1',
      description: 'a request for an order',
      providerStates: ['an order exists'],
      method: 'GET',
      path: `/orders/${ORDER_ID}`,
    });
  });

  it('decodes JSON-encoded and base64 contents', () => {
    const json = v4Http(JSON.stringify({ id: ORDER_ID }));
    (json.response.body as Record<string, unknown>).encoded = 'JSON';
    expect(compareWithOpenApi(v4(json), ordersDocument()).success).toBe(true);
    const base64 = v4Http(Buffer.from(JSON.stringify({ id: 1 })).toString('base64'));
    (base64.response.body as Record<string, unknown>).encoded = 'base64';
    // Decoded to text: a string, not the object it spells.
    expect(compareWithOpenApi(v4(base64), ordersDocument()).errors[0]!.message).toMatch(/must be object/);
  });

  it('reads v4 matching rules', () => {
    const pact = v4Http({ status: 'lost' });
    (pact.response as Record<string, unknown>).matchingRules = {
      body: { '$.status': { combine: 'AND', matchers: [{ match: 'type' }] } },
    };
    expect(compareWithOpenApi(v4(pact), ordersDocument()).success).toBe(true);
  });
});

describe('message.spec.missing', () => {
  it('fails a v4 message interaction: an OpenAPI document cannot verify it', () => {
    const message = {
      type: 'Asynchronous/Messages',
      description: 'an OrderPlaced event',
      contents: { content: {} },
    };
    const result = compareWithOpenApi(v4(v4Http({ id: ORDER_ID }), message), ordersDocument());
    expect(result.success).toBe(false);
    expect(result.interactionsCompared).toBe(1);
    expect(summary(result)).toEqual([['message.spec.missing', '/interactions/1', '/']]);
    expect(result.errors[0]!.message).toBe(
      "Interaction 'an OrderPlaced event' is a message (Asynchronous/Messages); an OpenAPI provider contract cannot verify it — verify this pact with a pact verification instead",
    );
  });

  it('fails v3 messages', () => {
    const pact = {
      consumer: { name: 'a' },
      provider: { name: 'b' },
      messages: [{ description: 'm', contents: {} }],
      metadata: { pactSpecification: { version: '3.0.0' } },
    };
    expect(summary(compareWithOpenApi(pact, ordersDocument()))).toEqual([
      ['message.spec.missing', '/messages/0', '/'],
    ]);
  });
});

describe('interaction.malformed', () => {
  it('reports what an HTTP interaction lacks', () => {
    const pact = {
      interactions: [
        { description: 'broken', request: { method: 'GET' }, response: { status: '200' } },
        'nope',
      ],
    };
    const result = compareWithOpenApi(pact, ordersDocument());
    expect(summary(result)).toEqual([
      ['interaction.malformed', '/interactions/0', '/'],
      ['interaction.malformed', '/interactions/1', '/'],
    ]);
    expect(result.errors[0]!.message).toBe(
      'Interaction is not a valid HTTP interaction: no request.path, no integer response.status',
    );
  });

  it('throws INVALID_PACT for something that is not a pact, and passes an empty one', () => {
    expect(() => compareWithOpenApi({ consumer: {} }, ordersDocument())).toThrow(CrossContractError);
    expect(compareWithOpenApi({ interactions: [] }, ordersDocument())).toMatchObject({
      success: true,
      interactionsCompared: 0,
    });
  });
});
