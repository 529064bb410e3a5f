// The PR-comment upsert the workflow calls: one comment, found by its marker, updated in place.
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../format/markdown.js';
import { type IssuesApi, upsertPrComment } from './pr-comment.js';

function fakeIssues(initial: Array<{ id: number; body: string }>) {
  const comments = [...initial];
  let nextId = 1000;
  const api: IssuesApi = {
    async listComments({ page, per_page }) {
      return { data: comments.slice((page - 1) * per_page, page * per_page) };
    },
    async createComment({ body }) {
      comments.push({ id: nextId++, body });
      return {};
    },
    async updateComment({ comment_id, body }) {
      const c = comments.find((x) => x.id === comment_id);
      if (!c) throw new Error('404');
      c.body = body;
      return {};
    },
  };
  return { api, comments };
}

const target = { owner: 'acme', repo: 'accord', issueNumber: 7 };

describe('upsertPrComment', () => {
  it('creates the comment once, then updates it', async () => {
    const { api, comments } = fakeIssues([{ id: 1, body: 'LGTM' }]);
    expect(await upsertPrComment(api, target, `${COMMENT_MARKER}\nfirst`)).toEqual({ action: 'created' });
    expect(await upsertPrComment(api, target, `${COMMENT_MARKER}\nsecond`)).toEqual({
      action: 'updated',
      id: 1000,
    });
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body).toBe(`${COMMENT_MARKER}\nsecond`);
  });

  it('finds its comment beyond the first page and adds the marker when missing', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `c${i}` }));
    many[120] = { id: 121, body: `${COMMENT_MARKER}\nold` };
    const { api, comments } = fakeIssues(many);
    expect(await upsertPrComment(api, target, 'new body')).toEqual({ action: 'updated', id: 121 });
    expect(comments[120]?.body).toBe(`${COMMENT_MARKER}\nnew body`);
  });
});
