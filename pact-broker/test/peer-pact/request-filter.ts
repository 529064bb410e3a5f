// The peer pact's request filter: Pact v2 stores the matrix queries sorted, which under Rack rules groups the
// selectors wrongly; like the upstream harness (hal_relation_proxy_app.rb) the known sorted queries are mapped
// back to the order the client sent.

const MATRIX_QUERIES: Record<string, string> = {
  'latestby=cvpv&q[][pacticipant]=Foo+Thing&q[][pacticipant]=Bar&q[][version]=1%2e2%2e3&q[][version]=4%2e5%2e6':
    'q[][pacticipant]=Foo+Thing&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=4.5.6&latestby=cvpv',
  'latestby=cvpv&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1%2e2%2e3&q[][version]=4%2e5%2e6':
    'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=4.5.6&latestby=cvpv',
  'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][tag]=prod&q[][version]=1%2e2%2e3':
    'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
  'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1%2e2%2e4':
    'q[][pacticipant]=Foo&q[][version]=1.2.4&q[][pacticipant]=Bar&q[][latest]=true&latestby=cvpv',
  'latestby=cvpv&q[][pacticipant]=Wiffle&q[][pacticipant]=Meep&q[][version]=1%2e2%2e3&q[][version]=9%2e9%2e9':
    'q[][pacticipant]=Wiffle&q[][version]=1.2.3&q[][pacticipant]=Meep&q[][version]=9.9.9&latestby=cvpv',
  'latestby=cvpv&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1%2e2%2e3&q[][version]=9%2e9%2e9':
    'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=9.9.9&latestby=cvpv',
  'ignore[][pacticipant]=Foo&ignore[][version]=3%2e4%2e5&latestby=cvpv&q[][pacticipant]=Bar&q[][pacticipant]=Foo&q[][tag]=prod&q[][version]=4%2e5%2e6':
    'q[][pacticipant]=Bar&q[][version]=4.5.6&q[][pacticipant]=Foo&q[][tag]=prod&latestby=cvpv&ignore[][pacticipant]=Foo&ignore[][version]=3.4.5',
};

const decode = (q: string) => decodeURIComponent(q.replace(/\+/g, ' '));
const byDecodedQuery = new Map(
  Object.entries(MATRIX_QUERIES).map(([sorted, fixed]) => [decode(sorted), fixed]),
);

/** Rewrites a request URL whose query is one of the known sorted matrix queries (compared decoded). */
export function rewriteMatrixUrl(url: string): string {
  const i = url.indexOf('?');
  if (i < 0 || !url.startsWith('/matrix')) return url;
  const fixed = byDecodedQuery.get(decode(url.slice(i + 1)));
  return fixed ? `${url.slice(0, i)}?${fixed}` : url;
}

export type RequestFilter = (req: { method: string; url: string }, res: unknown, next: () => void) => void;

export const requestFilter: RequestFilter = (req, _res, next) => {
  req.url = rewriteMatrixUrl(req.url);
  next();
};
