// Keeps one pull-request comment up to date; called from actions/github-script in .github/workflows/schema-diff.yml.
import { COMMENT_MARKER } from '../format/markdown.js';

/** The slice of Octokit's REST client this needs (what github-script passes as `github.rest`). */
export interface IssuesApi {
  listComments(params: {
    owner: string;
    repo: string;
    issue_number: number;
    per_page: number;
    page: number;
  }): Promise<{
    data: Array<{ id: number; body?: string | null }>;
  }>;
  createComment(params: {
    owner: string;
    repo: string;
    issue_number: number;
    body: string;
  }): Promise<unknown>;
  updateComment(params: { owner: string; repo: string; comment_id: number; body: string }): Promise<unknown>;
}

export interface PrTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** Updates the comment carrying the marker, or creates it. Returns what it did. */
export async function upsertPrComment(
  issues: IssuesApi,
  target: PrTarget,
  body: string,
  marker = COMMENT_MARKER,
): Promise<{ action: 'created' | 'updated'; id?: number }> {
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const base = { owner: target.owner, repo: target.repo, issue_number: target.issueNumber };
  for (let page = 1; ; page++) {
    const { data } = await issues.listComments({ ...base, per_page: 100, page });
    const mine = data.find((c) => c.body?.includes(marker));
    if (mine) {
      await issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: mine.id, body: text });
      return { action: 'updated', id: mine.id };
    }
    if (data.length < 100) break;
  }
  await issues.createComment({ ...base, body: text });
  return { action: 'created' };
}
