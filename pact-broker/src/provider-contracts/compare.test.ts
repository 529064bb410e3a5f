// The verdict a provider contract gives a pact, and the text the matrix appends when it is a no.

import { describe, expect, it } from 'vitest';
import { crossContractCauseText, verdictOf } from './compare.js';
import type { SelfVerificationRow, StoredComparison } from './queries.js';

const at = (s: string) => new Date(`2026-12-01T10:00:${s}Z`);
const publication = { provider_version_id: 7, provider_version_number: '1.4.0', created_at: at('00') };
const self = (success: boolean): SelfVerificationRow => ({
  id: 1,
  publication_id: 1,
  success,
  content: null,
  content_base64: false,
  content_type: null,
  format: null,
  verifier: 'vitest',
  verifier_version: null,
  build_url: null,
  created_at: at('05'),
});
const mismatch = (i: number) => ({
  code: 'response.body.incompatible',
  type: 'error',
  message: `must NOT have additional properties - f${i}`,
  interaction: {
    index: i,
    description: `interaction ${i}`,
    providerStates: [],
    method: 'GET',
    path: '/orders/1',
  },
  pact: { pointer: `/interactions/${i}/response/body/f${i}` },
  contract: {
    pointer: '/components/schemas/OrderV1/additionalProperties',
    operation: { method: 'get', path: '/orders/{id}', pointer: '', basePath: '' },
  },
});
const comparison = (errors: number): StoredComparison => ({
  pact_version_id: 1,
  provider_contract_version_id: 1,
  comparator_version: '1',
  success: errors === 0,
  error_count: errors,
  warning_count: 1,
  interactions_compared: 5,
  mismatches: [...Array.from({ length: errors }, (_, i) => mismatch(i)), { ...mismatch(9), type: 'warning' }],
  created_at: at('10'),
});

describe('verdictOf', () => {
  it('succeeds only with a successful self-verification and a fitting pact', () => {
    expect(verdictOf(publication, self(true), comparison(0))).toMatchObject({
      kind: 'BDCT',
      success: true,
      causes: [],
      execution_date: at('10'),
      provider_version_id: 7,
    });
    expect(verdictOf(publication, self(false), comparison(0))).toMatchObject({
      success: false,
      causes: ['self-verification-failed'],
    });
    expect(verdictOf(publication, undefined, comparison(2))).toMatchObject({
      success: false,
      causes: ['self-verification-missing', 'comparison-failed'],
      errorCount: 2,
    });
  });

  it('names the first three errors with interaction, operation and both pointers, and counts the rest', () => {
    const text = crossContractCauseText(verdictOf(publication, self(true), comparison(4)));
    expect(text).toBe(
      'the pact does not fit the provider contract (4 errors): ' +
        [0, 1, 2]
          .map(
            (i) =>
              `interaction "interaction ${i}" (GET /orders/{id}) response.body.incompatible at pact /interactions/${i}/response/body/f${i}, contract /components/schemas/OrderV1/additionalProperties: must NOT have additional properties - f${i}`,
          )
          .join('; ') +
        '; and 1 more',
    );
    expect(crossContractCauseText(verdictOf(publication, undefined, comparison(0)))).toBe(
      'no self-verification results were published with the provider contract of version 1.4.0',
    );
  });
});
