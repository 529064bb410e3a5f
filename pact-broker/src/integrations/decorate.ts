// Representations of integrations: the official HAL list and the Graphviz DOT graph.

import type { Links } from '../http/hal.js';
import type { Link } from '../http/types.js';
import type { IntegrationRow } from './queries.js';

/** ERB::Util.url_encode: everything but A-Z a-z 0-9 _ . - ~ is %-encoded (also ! ' ( ) *). */
function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decorateIntegration(l: Links, r: IntegrationRow) {
  const c = urlEncode(r.consumer_name);
  const p = urlEncode(r.provider_name);
  return {
    consumer: { name: r.consumer_name },
    provider: { name: r.provider_name },
    _links: {
      'pb:dashboard': {
        title: 'BETA: Pacts to show on the dashboard',
        href: l.url(`/dashboard/provider/${p}/consumer/${c}`),
      },
      // Relative and without the base URL, as the official broker builds it.
      'pb:matrix': {
        title: `Matrix of pacts/verification results for ${r.consumer_name} and ${r.provider_name}`,
        href: `/matrix/provider/${p}/consumer/${c}`,
      },
      'pb:group': { href: l.url(`/pacticipants/${c}`) },
      'pb:delete_integration': {
        title: `Delete the integration between ${r.consumer_name} and ${r.provider_name}`,
        href: l.url(`/integrations/provider/${p}/consumer/${c}`),
      },
    },
  };
}

export function integrationsResource(
  l: Links,
  rows: IntegrationRow[],
  paging: { page?: Record<string, number>; links: Record<string, Link> },
) {
  return {
    _embedded: { integrations: rows.map((r) => decorateIntegration(l, r)) },
    ...(paging.page ? { page: paging.page } : {}),
    _links: { self: l.link('/integrations', { title: 'All integrations' }), ...paging.links },
  };
}

/** The DOT graph (`curl /integrations`): one `consumer -> provider` edge per integration, spaces as `_`. */
export function integrationsDot(rows: IntegrationRow[]): string {
  const edges = rows.map(
    (r) => `  ${r.consumer_name.replace(/ /g, '_')} -> ${r.provider_name.replace(/ /g, '_')}`,
  );
  return `digraph { ranksep=3; ratio=auto; overlap=false; node [  shape = plaintext, fontname = Helvetica ];\n${edges.join('\n')}\n}\n`;
}
