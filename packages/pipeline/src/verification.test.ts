// Reading a verification run back: pending pacts from the verifier's notices, mismatches from a published result
// (with the pact's expected value at the path), JSON paths, and the per-pact lines the verify step prints.
import { describe, expect, it } from 'vitest';
import { formatVerifications, mismatchesOf, pendingPacts, valueAt } from './verification.js';

const BROKER = 'http://127.0.0.1:9292/pacts/provider/orders-service/consumer';

/** What pact-js's verifier prints (colours included) for a pending pact that fails and a settled one that passes. */
const output = [
  `The pact at ${BROKER}/billing-web/pact-version/bfe992ca/metadata/eyJzIjpb is being verified because the pact content belongs to the consumer versions matching the following criteria:`,
  "    * latest version from main branch 'main' (b0a817074b1b)",
  "This pact is in pending state for this version of orders-service because a successful verification result for a version of orders-service with branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
  '',
  'Verifying a pact between \u001b[1mbilling-web\u001b[0m and \u001b[1morders-service\u001b[0m',
  '  POST /orders from billing-web (107ms loading, 55ms verification)',
  '      has a matching body (\u001b[31mFAILED\u001b[0m)',
  "This pact is still in pending state for a version of orders-service with branch 'main' as a successful verification result has not yet been published.",
  `The pact at ${BROKER}/checkout-web/pact-version/3d82ba12/metadata/eyJzIjpb is being verified because the pact content belongs to the consumer versions matching the following criteria:`,
  "This pact has previously been successfully verified by a version of orders-service with branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending",
  '',
  'Verifying a pact between \u001b[1mcheckout-web\u001b[0m and \u001b[1morders-service\u001b[0m',
  "This pact is no longer in pending state for a version of orders-service with branch 'main', as a successful verification result has been published.",
  `The pact at ${BROKER}/audit-log/pact-version/0a0b0c0d/metadata/eyJ is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of audit-log). Read more at https://docs.pact.io/go/wip`,
  '',
  'Verifying a pact between audit-log and orders-service',
].join('\n');

describe('pendingPacts', () => {
  it('reads each pact’s notice before its results, by pact version', () => {
    expect(pendingPacts(output)).toEqual(
      new Map([
        ['bfe992ca', true],
        ['3d82ba12', false],
        ['0a0b0c0d', true],
      ]),
    );
  });

  it('finds nothing in the output of a verification from local files', () => {
    expect(pendingPacts('Verifying a pact between billing-web and orders-service\n')).toEqual(new Map());
  });
});

describe('valueAt', () => {
  const body = { items: [{ sku: 'MUG', 'unit price': 3 }], total: { amount: 1 } };
  it.each([
    ['$', body],
    ['$.items[0]', body.items[0]],
    ['$.items[0].sku', 'MUG'],
    ["$.items[0]['unit price']", 3],
    ['$.total.amount', 1],
    ['$.items[1]', undefined],
    ['$.nope.deeper', undefined],
    ['items', undefined],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });
});

/** The result orders-service published for issue #12's billing-web pact, and that pact (V4). */
const result = {
  success: false,
  testResults: [
    {
      success: false,
      interactionId: '8aff9994',
      interactionDescription: 'POST /orders from billing-web',
      mismatches: [
        {
          attribute: 'body',
          identifier: '$.items[0]',
          description: 'Actual map is missing the following keys: name',
        },
        { attribute: 'status', description: 'expected 201 but was 500' },
      ],
    },
    { success: true, interactionId: 'ffff', interactionDescription: 'GET /orders/{id}' },
  ],
};
const pact = {
  interactions: [
    {
      key: '8aff9994',
      type: 'Synchronous/HTTP',
      description: 'POST /orders from billing-web',
      response: {
        status: 201,
        body: {
          contentType: 'application/json',
          encoded: false,
          content: { items: [{ sku: 'MUG', name: 'Mug' }] },
        },
      },
    },
  ],
};

describe('mismatchesOf', () => {
  it('gives interaction, path, expected (from the pact) and actual for each failed interaction', () => {
    expect(mismatchesOf(result, pact)).toEqual([
      {
        interaction: 'POST /orders from billing-web',
        path: '$.items[0]',
        expected: '{"sku":"MUG","name":"Mug"}',
        actual: 'Actual map is missing the following keys: name',
      },
      { interaction: 'POST /orders from billing-web', path: 'status', actual: 'expected 201 but was 500' },
    ]);
  });

  it('reads message pacts (V3 messages) and reports an interaction that failed without mismatches', () => {
    const message = {
      messages: [{ description: 'an OrderPlaced v2 event', contents: { data: { total: 3 } } }],
    };
    const failed = {
      testResults: [
        {
          success: false,
          interactionDescription: 'an OrderPlaced v2 event',
          mismatches: [
            { attribute: 'body', identifier: '$.data.total', description: 'Expected 3 but received "3"' },
          ],
        },
        {
          success: false,
          interactionDescription: 'a crash',
          exceptions: [{ message: 'state handler threw' }],
        },
      ],
    };
    expect(mismatchesOf(failed, message)).toEqual([
      {
        interaction: 'an OrderPlaced v2 event',
        path: '$.data.total',
        expected: '3',
        actual: 'Expected 3 but received "3"',
      },
      { interaction: 'a crash', path: '(interaction)', actual: 'state handler threw' },
    ]);
  });
});

describe('formatVerifications', () => {
  it('prints each pact once, failed ones with their mismatches and the result link', () => {
    const url = `${BROKER}/billing-web/pact-version/bfe992ca/verification-results/1`;
    const text = formatVerifications([
      {
        consumer: 'billing-web',
        consumerVersions: ['b0a817074b1b50df4107cb74331384897b5e3bb4'],
        provider: 'orders-service',
        providerVersion: 'b0a8',
        success: false,
        pending: true,
        url,
        mismatches: mismatchesOf(result, pact).slice(0, 1),
      },
      {
        consumer: 'checkout-web',
        consumerVersions: ['b0a817074b1b50df4107cb74331384897b5e3bb4'],
        provider: 'orders-service',
        providerVersion: 'b0a8',
        success: true,
        pending: false,
        url: `${BROKER}/checkout-web/pact-version/3d82ba12/verification-results/1`,
        mismatches: [],
      },
    ]);
    expect(text).toBe(
      [
        "✖ billing-web b0a817074b1b: FAILED (pending: does not fail orders-service's build; billing-web cannot deploy until it passes)",
        '    POST /orders from billing-web — $.items[0]',
        '      expected: {"sku":"MUG","name":"Mug"}',
        '      actual:   Actual map is missing the following keys: name',
        `    verification result: ${url}`,
        '✔ checkout-web b0a817074b1b: passed',
      ].join('\n'),
    );
  });
});
