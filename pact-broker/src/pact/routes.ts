// Pact routes (the folder is `pact` because biome.json skips every `pacts/` folder, where pact files are written):
// publishing, a consumer version's pact, pact content by SHA, diffs, latest pacts of an integration, provider lists.

import { route } from '../route.js';
import { pactBody, publishBody } from './bodies.js';
import {
  listBranchPactVersions,
  listBranchProviderPacts,
  listLatestBranchPactVersions,
  listLatestBranchProviderPacts,
  listLatestMainBranchPactVersions,
  listLatestMainBranchProviderPacts,
  listLatestPacts,
  listLatestProviderPacts,
  listLatestTaggedProviderPacts,
  listMainBranchPactVersions,
  listMainBranchProviderPacts,
  listPactVersions,
  listProviderPacts,
  listTaggedPactVersions,
  listTaggedProviderPacts,
  mergePact,
  publishContracts,
  removeBranchPactVersions,
  removeMainBranchPactVersions,
  removePact,
  removePactVersions,
  removeTaggedPactVersions,
  replacePact,
  showDiffBetweenVersions,
  showDiffWithPreviousDistinct,
  showLatestBranchPact,
  showLatestPact,
  showLatestTaggedPact,
  showLatestUntaggedPact,
  showPact,
  showPactVersion,
  showPactVersionDiff,
  showPreviousDistinctPact,
} from './handlers.js';

const integration = '/pacts/provider/:provider/consumer/:consumer';
const pact = `${integration}/version/:version`;
const pactVersion = `${integration}/pact-version/:sha`;
const provider = '/pacts/provider/:provider';

/** The official deprecated spellings of the pact resource, answered by the same handlers. */
const aliases = [
  `${integration}/versions/:version`,
  '/pact/provider/:provider/consumer/:consumer/version/:version',
];

export const pactRoutes = [
  route('POST', '/contracts/publish', publishContracts, 'write', publishBody),

  ...[pact, ...aliases].flatMap((p) => [
    route('PUT', p, replacePact, 'write', pactBody),
    route('PATCH', p, mergePact, 'write', pactBody),
    route('GET', p, showPact, 'read'),
    route('DELETE', p, removePact, 'write'),
  ]),
  route('GET', `${pact}/previous-distinct`, showPreviousDistinctPact, 'read'),
  route('GET', `${pact}/diff/previous-distinct`, showDiffWithPreviousDistinct, 'read'),
  route('GET', `${pact}/diff/version/:otherVersion`, showDiffBetweenVersions, 'read'),

  route('GET', pactVersion, showPactVersion, 'read'),
  route('GET', `${pactVersion}/metadata/:metadata`, showPactVersion, 'read'),
  route('GET', `${pactVersion}/diff/pact-version/:other`, showPactVersionDiff, 'read'),

  route('GET', `${integration}/latest`, showLatestPact, 'read'),
  route('GET', '/pact/provider/:provider/consumer/:consumer/latest', showLatestPact, 'read'),
  route('GET', `${integration}/latest-untagged`, showLatestUntaggedPact, 'read'),
  route('GET', `${integration}/latest/:tag`, showLatestTaggedPact, 'read'),
  route('GET', `${integration}/branch/:branch/latest`, showLatestBranchPact, 'read'),

  route('GET', `${integration}/versions`, listPactVersions, 'read'),
  route('DELETE', `${integration}/versions`, removePactVersions, 'write'),
  route('GET', `${integration}/tag/:tag`, listTaggedPactVersions, 'read'),
  route('DELETE', `${integration}/tag/:tag`, removeTaggedPactVersions, 'write'),
  // `branch/latest` is a branch named "latest" here, as upstream routes it.
  route('GET', `${integration}/branch/:branch`, listBranchPactVersions, 'read'),
  route('DELETE', `${integration}/branch/:branch`, removeBranchPactVersions, 'write'),
  route('GET', `${integration}/branch/versions`, listMainBranchPactVersions, 'read'),
  route('DELETE', `${integration}/branch/versions`, removeMainBranchPactVersions, 'write'),
  route('GET', `${integration}/branch/latest/versions`, listLatestMainBranchPactVersions, 'read'),
  route('DELETE', `${integration}/branch/latest/versions`, removeMainBranchPactVersions, 'write'),
  route('GET', `${integration}/branch/:branch/latest/versions`, listLatestBranchPactVersions, 'read'),
  route('DELETE', `${integration}/branch/:branch/latest/versions`, removeBranchPactVersions, 'write'),
  route('GET', integration, listPactVersions, 'read'),

  route('GET', `${provider}/latest`, listLatestProviderPacts, 'read'),
  route('GET', `${provider}/latest/:tag`, listLatestTaggedProviderPacts, 'read'),
  route('GET', provider, listProviderPacts, 'read'),
  route('GET', `${provider}/tag/:tag`, listTaggedProviderPacts, 'read'),
  route('GET', `${provider}/branch`, listMainBranchProviderPacts, 'read'),
  route('GET', `${provider}/branch/latest`, listLatestMainBranchProviderPacts, 'read'),
  route('GET', `${provider}/branch/:branch`, listBranchProviderPacts, 'read'),
  route('GET', `${provider}/branch/:branch/latest`, listLatestBranchProviderPacts, 'read'),
  route('GET', '/pacts/latest', listLatestPacts, 'read'),
];
