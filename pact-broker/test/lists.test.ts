// End-to-end: the list resources page and filter as upstream's do (PaginationMethods, FilterMethods): `page`/`size`
// or the older `pageNumber`/`pageSize`, a `page` summary with next/previous links, `q` as a case-insensitive
// substring with `%` and `_` taken literally, and a 400 naming the parameter for a page that is not a positive integer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/clients.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const names = (list: Array<{ name: string }>) => list.map((x) => x.name);

describe('list resources: pages and filters', () => {
  let b: TestBroker;
  const get = (path: string) => api(b.url, 'GET', path);

  beforeAll(async () => {
    b = await startBroker();
    for (const name of ['Lists-Alpha', 'lists-beta', 'Lists_Gamma', 'Lists%Delta', 'ListsXEpsilon']) {
      expect((await api(b.url, 'PUT', `/pacticipants/${encodeURIComponent(name)}`, {})).status).toBeLessThan(
        300,
      );
    }
    // Five versions of one pacticipant, each on branch `main`, the even ones also on `feat-x` and tagged `prod`.
    for (let i = 1; i <= 5; i++) {
      const put = await api(b.url, 'PUT', `/pacticipants/Lists-Alpha/branches/main/versions/${i}`, {});
      expect(put.status).toBeLessThan(300);
      if (i % 2 === 0) {
        await api(b.url, 'PUT', `/pacticipants/Lists-Alpha/branches/feat-x/versions/${i}`, {});
        await api(b.url, 'PUT', `/pacticipants/Lists-Alpha/versions/${i}/tags/prod`, {});
      }
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it('lists every pacticipant without page parameters, and a page with its summary and links when asked', async () => {
    const all = await get('/pacticipants?q=lists');
    expect(all.status).toBe(200);
    expect(names(all.body._embedded.pacticipants)).toEqual([
      'Lists%Delta',
      'Lists-Alpha',
      'lists-beta',
      'Lists_Gamma',
      'ListsXEpsilon',
    ]);
    expect(all.body.page).toBeUndefined();

    const first = await get('/pacticipants?q=lists&size=2');
    expect(names(first.body._embedded.pacticipants)).toEqual(['Lists%Delta', 'Lists-Alpha']);
    expect(first.body.page).toEqual({ number: 1, size: 2, totalElements: 5, totalPages: 3 });
    expect(first.body._links.next.href).toBe(`${b.url}/pacticipants?size=2&page=2`);
    expect(first.body._links.previous).toBeUndefined();

    const legacy = await get('/pacticipants?q=lists&pageNumber=3&pageSize=2');
    expect(names(legacy.body._embedded.pacticipants)).toEqual(['ListsXEpsilon']);
    expect(legacy.body._links.previous.href).toBe(`${b.url}/pacticipants?size=2&page=2`);
    expect(legacy.body._links.next).toBeUndefined();
  });

  it('takes `%` and `_` in `q` literally and matches case-insensitively', async () => {
    expect(names((await get('/pacticipants?q=_')).body._embedded.pacticipants)).toEqual(['Lists_Gamma']);
    expect(names((await get('/pacticipants?q=%25')).body._embedded.pacticipants)).toEqual(['Lists%Delta']);
    expect(names((await get('/pacticipants?q=LISTS-B')).body._embedded.pacticipants)).toEqual(['lists-beta']);
    expect(names((await get('/pacticipants/label/none?q=_')).body._embedded.pacticipants)).toEqual([]);
  });

  it.each([
    ['/pacticipants?page=0', 'page'],
    ['/pacticipants?size=1.5', 'size'],
    ['/pacticipants?pageNumber=1e99', 'pageNumber'],
    ['/pacticipants/Lists-Alpha/branches?size=-1', 'size'],
    ['/pacticipants/Lists-Alpha/versions?page=x', 'page'],
  ])('answers 400 naming the parameter for %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual([field]);
  });

  it('pages and filters the branches of a pacticipant, the first 100 when no page is asked for', async () => {
    const all = await get('/pacticipants/Lists-Alpha/branches');
    expect(names(all.body._embedded.branches)).toEqual(['main', 'feat-x']);
    expect(all.body.page).toEqual({ number: 1, size: 100, totalElements: 2, totalPages: 1 });
    const filtered = await get('/pacticipants/Lists-Alpha/branches?q=FEAT');
    expect(names(filtered.body._embedded.branches)).toEqual(['feat-x']);
    const second = await get('/pacticipants/Lists-Alpha/branches?size=1&page=2');
    expect(names(second.body._embedded.branches)).toEqual(['feat-x']);
    expect(second.body._links.previous.href).toBe(`${b.url}/pacticipants/Lists-Alpha/branches?size=1&page=1`);
  });

  it('pages the versions of a pacticipant, of a branch and of a tag, newest first', async () => {
    const numbers = (body: { _embedded: { versions: Array<{ number: string }> } }) =>
      body._embedded.versions.map((v) => v.number);
    const all = await get('/pacticipants/Lists-Alpha/versions');
    expect(numbers(all.body)).toEqual(['5', '4', '3', '2', '1']);
    expect(all.body.page).toEqual({ number: 1, size: 100, totalElements: 5, totalPages: 1 });
    const page = await get('/pacticipants/Lists-Alpha/versions?size=2&page=2');
    expect(numbers(page.body)).toEqual(['3', '2']);
    expect(page.body._links.next.href).toBe(`${b.url}/pacticipants/Lists-Alpha/versions?size=2&page=3`);

    const branch = await get('/pacticipants/Lists-Alpha/branches/feat-x/versions?size=1&page=2');
    expect(numbers(branch.body)).toEqual(['2']);
    expect(branch.body.page).toEqual({ number: 2, size: 1, totalElements: 2, totalPages: 2 });

    const tagged = await get('/pacticipants/Lists-Alpha/tags/prod/versions?size=1');
    expect(numbers(tagged.body)).toEqual(['4']);
    expect(tagged.body.page).toEqual({ number: 1, size: 1, totalElements: 2, totalPages: 2 });
  });
});
