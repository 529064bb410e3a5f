// Tests parsing of the can-i-deploy JSON the official CLI prints.
import { describe, expect, it } from 'vitest';
import { parseCanIDeploy } from './pact-cli.js';

describe('parseCanIDeploy', () => {
  it('reads summary, rows (with the verification result link) and notices', () => {
    const json = {
      summary: {
        deployable: false,
        reason: 'One or more verifications have failed',
        success: 0,
        failed: 1,
        unknown: 0,
      },
      notices: [{ type: 'warning', text: 'The verification between checkout-web and orders-service failed' }],
      matrix: [
        {
          consumer: { name: 'checkout-web', version: { number: 'abc' } },
          provider: { name: 'orders-service', version: { number: 'def' } },
          verificationResult: {
            success: false,
            _links: { self: { href: 'http://broker/pacts/provider/orders-service/verification-results/7' } },
          },
        },
        {
          consumer: { name: 'checkout-web', version: { number: 'abc' } },
          provider: { name: 'other', version: null },
          verificationResult: null,
        },
      ],
    };
    expect(parseCanIDeploy(`${JSON.stringify(json)}\n`)).toEqual({
      deployable: false,
      reason: 'One or more verifications have failed',
      notices: ['The verification between checkout-web and orders-service failed'],
      rows: [
        {
          consumer: 'checkout-web',
          consumerVersion: 'abc',
          provider: 'orders-service',
          providerVersion: 'def',
          success: false,
          url: 'http://broker/pacts/provider/orders-service/verification-results/7',
        },
        {
          consumer: 'checkout-web',
          consumerVersion: 'abc',
          provider: 'other',
          providerVersion: '-',
          success: null,
        },
      ],
    });
  });

  it('keeps an unknown answer unknown', () => {
    expect(
      parseCanIDeploy('{"summary":{"deployable":null,"reason":"no verification"},"matrix":[]}')?.deployable,
    ).toBeNull();
  });

  it('returns undefined for output that is not JSON', () => {
    expect(parseCanIDeploy('❌ Pacticipant x not found')).toBeUndefined();
    expect(parseCanIDeploy('{ broken')).toBeUndefined();
  });
});
