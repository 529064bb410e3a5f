// Keep selectors read as the official task reads them, and refused with the field named when they cannot work.

import { describe, expect, it } from 'vitest';
import {
  officialSelector,
  parseBranchSelectors,
  parseKeepSelectors,
  withDeployedAndReleased,
} from './selectors.js';

describe('parseKeepSelectors', () => {
  it('takes camelCase and snake_case keys and the pacticipant and environment aliases', () => {
    const { selectors, ignoredKeys } = parseKeepSelectors(
      JSON.stringify([
        { branch: true, latest: true },
        { max_age: 90, pacticipant: 'Web' },
        { mainBranch: true, environment: 'production', pacticipantName: 'API' },
        { tag: 'prod', deployed: true, released: false },
      ]),
      '--keep',
    );
    expect(selectors).toEqual([
      { branch: true, latest: true },
      { maxAge: 90, pacticipantName: 'Web' },
      { mainBranch: true, environmentName: 'production', pacticipantName: 'API' },
      { tag: 'prod', deployed: true, released: false },
    ]);
    expect(ignoredKeys).toEqual([]);
  });

  it('ignores keys that are not attributes (as upstream) and reports them', () => {
    const { selectors, ignoredKeys } = parseKeepSelectors('[{"maxage": 90, "latest": true}]', 'X');
    expect(selectors).toEqual([{ latest: true }]);
    expect(ignoredKeys).toEqual(['X[0].maxage']);
  });

  it('writes the official hash form: snake_case, official attribute order', () => {
    const [s] = parseKeepSelectors(
      '[{"tag": "dev", "maxAge": 3, "latest": true, "pacticipant": "Web"}]',
      'k',
    ).selectors;
    expect(JSON.stringify(officialSelector(s!))).toBe(
      '{"pacticipant_name":"Web","latest":true,"tag":"dev","max_age":3}',
    );
  });

  it.each([
    ['not json', '--keep is not valid JSON'],
    ['{"latest": true}', '--keep must be a JSON array of selector objects'],
    ['[]', '--keep: You must specify which versions to keep'],
    ['[1]', '--keep[0] must be an object, got 1'],
    ['[{"maxAge": "90"}]', '--keep[0].max_age must be a whole number of days >= 0, got "90"'],
    ['[{"maxAge": -1}]', '--keep[0].max_age must be a whole number of days >= 0, got -1'],
    ['[{"latest": "yes"}]', '--keep[0].latest must be true or false, got "yes"'],
    ['[{"tag": 3}]', '--keep[0].tag must be true, false or a non-empty name, got 3'],
    ['[{}, {"pacticipant": ""}]', '--keep[1].pacticipant_name must be a non-empty string, got ""'],
  ])('refuses %s', (json, message) => {
    expect(() => parseKeepSelectors(json, '--keep')).toThrow(message);
  });
});

describe('parseBranchSelectors', () => {
  it('reads a max age and one or several branch names; null and [] turn branch deletion off', () => {
    expect(parseBranchSelectors('[{"maxAge": 30}, {"branch": "main"}, {"branch": ["a", "b"]}]', 'b')).toEqual(
      [{ maxAge: 30 }, { branch: ['main'] }, { branch: ['a', 'b'] }],
    );
    expect(parseBranchSelectors('null', 'b')).toEqual([]);
    expect(parseBranchSelectors('[]', 'b')).toEqual([]);
    expect(() => parseBranchSelectors('[{"latest": true}]', 'b')).toThrow(
      'b[0].latest is not a branch selector attribute (max_age, branch)',
    );
  });
});

describe('withDeployedAndReleased', () => {
  it('adds what the official task adds, and only what is missing; an environment selector does not count', () => {
    expect(withDeployedAndReleased([{ environmentName: 'production' }]).added).toEqual([
      { deployed: true },
      { released: true },
    ]);
    const { selectors, added } = withDeployedAndReleased([{ released: true }, { latest: true }]);
    expect(added).toEqual([{ deployed: true }]);
    expect(selectors).toEqual([{ released: true }, { latest: true }, { deployed: true }]);
  });
});
