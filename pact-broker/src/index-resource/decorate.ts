// The `/` HAL index: every relation the official index lists, with its href, title and templated flag.

import type { Links } from '../http/hal.js';
import type { Link } from '../http/types.js';
import { pfCurie, providerContractIndexLinks } from '../provider-contracts/decorate.js';

export function indexResource(
  l: Links,
  options: { disablePactsForVerification: boolean } = { disablePactsForVerification: false },
): { _links: Record<string, Link | Link[]> } {
  const links = indexLinks(l);
  // PACT_BROKER_FEATURES=disable_pacts_for_verification hides the relations (the route stays served).
  if (options.disablePactsForVerification) {
    delete links['pb:provider-pacts-for-verification'];
    delete links['beta:provider-pacts-for-verification'];
  }
  return { _links: links };
}

function indexLinks(l: Links): Record<string, Link | Link[]> {
  const t = (p: string, title: string) => l.template(p, title);
  const s = (p: string, title: string) => l.link(p, { title, templated: false });
  const pp = '/pacts/provider/{provider}';
  const pc = `${pp}/consumer/{consumer}`;
  return {
    self: { href: l.baseUrl, title: 'Index', templated: false },
    'pb:publish-pact': t(`${pc}/version/{consumerApplicationVersion}`, 'Publish a pact'),
    'pb:publish-contracts': s('/contracts/publish', 'Publish contracts'),
    'pb:latest-pact-versions': s('/pacts/latest', 'Latest pact versions'),
    // Not templated upstream, although it is a template: kept as the official index has it.
    'pb:tagged-pact-versions': s(
      `${pc}/tag/{tag}`,
      'All versions of a pact for a given consumer, provider and consumer version tag',
    ),
    'pb:branch-pact-versions': t(
      `${pc}/branch/{branch}`,
      'All versions of pacts for a provider, for a named consumers branch',
    ),
    'pb:latest-branch-pact-versions': t(
      `${pc}/branch/{branch}/latest/versions`,
      'Latest version of pact for a provider, for a named consumers branch',
    ),
    'pb:main-branch-pact-versions': t(
      `${pc}/branch/versions`,
      'All versions of pacts for a provider, for a named consumers main branch',
    ),
    'pb:latest-main-branch-pact-versions': t(
      `${pc}/branch/latest/versions`,
      'Latest version of pact for a provider, for a named consumers main branch',
    ),
    'pb:provider-pacts-with-main-branch': t(
      `${pp}/branch`,
      'All pacts for a provider, for any consumers main branch',
    ),
    'pb:provider-pacts-with-branch': t(
      `${pp}/branch/{branch}`,
      'All pacts for a provider, for any consumers named branch',
    ),
    'pb:latest-provider-pacts-with-main-branch': t(
      `${pp}/branch/latest`,
      'Latest pact for a provider, for any consumers main branch',
    ),
    'pb:latest-provider-pacts-with-branch': t(
      `${pp}/branch/{branch}/latest`,
      'Latest pacts for a provider, for any consumers named branch',
    ),
    'pb:pacticipants': s('/pacticipants', 'Pacticipants'),
    'pb:pacticipant': t('/pacticipants/{pacticipant}', 'Fetch pacticipant by name'),
    'pb:latest-provider-pacts': t(`${pp}/latest`, 'Latest pacts by provider'),
    'pb:latest-provider-pacts-with-tag': t(
      `${pp}/latest/{tag}`,
      'Latest pacts for provider with the specified tag',
    ),
    'pb:provider-pacts-with-tag': t(
      `${pp}/tag/{tag}`,
      'All pact versions for the provider with the specified consumer version tag',
    ),
    'pb:provider-pacts': t(pp, 'All pact versions for the specified provider'),
    'pb:latest-version': t('/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version'),
    'pb:latest-tagged-version': t(
      '/pacticipants/{pacticipant}/latest-version/{tag}',
      'Latest pacticipant version with the specified tag',
    ),
    'pb:webhooks': s('/webhooks', 'Webhooks'),
    'pb:webhook': t('/webhooks/{uuid}', 'Webhook'),
    'pb:integrations': s('/integrations', 'Integrations'),
    'pb:pacticipant-version-tag': t(
      '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
      'Get, create or delete a tag for a pacticipant version',
    ),
    'pb:pacticipant-branch': t(
      '/pacticipants/{pacticipant}/branches/{branch}',
      'Get or delete a pacticipant branch',
    ),
    'pb:pacticipant-branch-version': t(
      '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
      'Get or add/create a pacticipant version for a branch',
    ),
    'pb:pacticipant-version': t(
      '/pacticipants/{pacticipant}/versions/{version}',
      'Get, create or delete a pacticipant version',
    ),
    'pb:metrics': l.link('/metrics', { title: 'Get Pact Broker metrics' }),
    'pb:can-i-deploy-pacticipant-version-to-tag': t(
      '/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}',
      'Determine if an application version can be safely deployed to an environment identified by the given tag',
    ),
    'pb:can-i-deploy-pacticipant-version-to-environment': t(
      '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
      'Determine if an application version can be safely deployed to an environment',
    ),
    'pb:provider-pacts-for-verification': t(
      `${pp}/for-verification`,
      'Pact versions to be verified for the specified provider',
    ),
    'beta:provider-pacts-for-verification': {
      name: 'beta',
      ...t(`${pp}/for-verification`, 'DEPRECATED - please use pb:provider-pacts-for-verification'),
    },
    ...providerContractIndexLinks(l),
    curies: [
      { name: 'pb', href: l.url('/doc/{rel}?context=index'), templated: true },
      { name: 'beta', href: l.url('/doc/{rel}?context=index'), templated: true },
      pfCurie(l),
    ],
    'pb:environments': s('/environments', 'Environments'),
    'pb:environment': t('/environments/{uuid}', 'Environment'),
  };
}
