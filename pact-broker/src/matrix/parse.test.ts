// Unit tests of the matrix query parser: Rack nested-query grouping, the older form and can-i-deploy.

import { describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import { parseCanIDeployQuery, parseMatrixQuery } from './parse.js';

describe('parseMatrixQuery', () => {
  it('starts a new selector when a key repeats, keeping parameter order', () => {
    const q = parseMatrixQuery(
      'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv&limit=5',
    );
    expect(q.selectors).toEqual([
      { pacticipant: 'Foo', version: '1.2.3' },
      { pacticipant: 'Bar', latest: true, tag: 'prod' },
    ]);
    expect(q).toMatchObject({ latestby: 'cvpv', limit: 5 });
  });

  it('groups a sorted query the way Rack does (which is why clients send it interleaved)', () => {
    const q = parseMatrixQuery('q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1&q[][version]=2');
    expect(q.selectors).toEqual([
      { pacticipant: 'Foo' },
      { pacticipant: 'Bar', version: '1' },
      { version: '2' },
    ]);
  });

  it('reads targets, ignores, success filters, encoded brackets and the older form', () => {
    const q = parseMatrixQuery(
      'pacticipant[]=A&version[]=1&pacticipant[]=B&ignore[]=C&ignore%5B%5D%5Bpacticipant%5D=D&ignore[][version]=9&environment=production&mainBranch=true&latest=true&tag=prod&success[]=false',
    );
    expect(q.selectors).toEqual([{ pacticipant: 'A', version: '1' }, { pacticipant: 'B' }]);
    expect(q.ignore).toEqual([{ pacticipant: 'C' }, { pacticipant: 'D', version: '9' }]);
    expect(q).toMatchObject({
      environment: 'production',
      mainBranch: true,
      latest: true,
      tag: 'prod',
      success: [false],
    });
  });

  it('rejects a bad latestby or limit', () => {
    expect(() => parseMatrixQuery('latestby=x')).toThrow(BrokerError);
    expect(() => parseMatrixQuery('limit=0')).toThrow(BrokerError);
  });
});

describe('parseCanIDeployQuery', () => {
  it('maps environment to cvpv and to= to the latest tagged versions with cvp', () => {
    expect(parseCanIDeployQuery('pacticipant=Foo&version=1&environment=production&ignore[]=Bar')).toEqual({
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      ignore: [{ pacticipant: 'Bar' }],
      latestby: 'cvpv',
      environment: 'production',
    });
    expect(parseCanIDeployQuery('pacticipant=Foo&version=1&to=prod')).toMatchObject({
      tag: 'prod',
      latest: true,
      latestby: 'cvp',
    });
  });

  it('needs a pacticipant, a version and exactly one of to/environment', () => {
    const err = (() => {
      try {
        parseCanIDeployQuery('to=prod&environment=test');
      } catch (e) {
        return e as BrokerError;
      }
    })();
    expect(err?.errors).toEqual([
      'pacticipant is missing',
      'version is missing',
      'Specify only one of to and environment',
    ]);
  });
});
