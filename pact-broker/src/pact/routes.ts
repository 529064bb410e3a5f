// Pact routes (the folder is `pact` because biome.json skips every `pacts/` folder, where pact files are written):
// publishing, a consumer version's pact, pact content by SHA, diffs, latest pacts of an integration, provider lists.

import { route } from '../route.js';
import { pactBody, publishBody } from './bodies.js';
import {
  listBranchPactVersions,
  listBranchProviderPacts,
  listLatestBranchProviderPacts,
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
  removePact,
  replacePact,
  showDiffWithPreviousDistinct,
  showLatestBranchPact,
  showLatestMainBranchPact,
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

export const pactRoutes = [
  route('POST', '/contracts/publish', publishContracts, 'write', publishBody),

  route('PUT', pact, replacePact, 'write', pactBody),
  route('PATCH', pact, mergePact, 'write', pactBody),
  route('GET', pact, showPact, 'read'),
  route('DELETE', pact, removePact, 'write'),
  route('GET', `${pact}/previous-distinct`, showPreviousDistinctPact, 'read'),
  route('GET', `${pact}/diff/previous-distinct`, showDiffWithPreviousDistinct, 'read'),

  route('GET', pactVersion, showPactVersion, 'read'),
  route('GET', `${pactVersion}/metadata/:metadata`, showPactVersion, 'read'),
  route('GET', `${pactVersion}/diff/pact-version/:other`, showPactVersionDiff, 'read'),

  route('GET', `${integration}/latest`, showLatestPact, 'read'),
  route('GET', `${integration}/latest-untagged`, showLatestUntaggedPact, 'read'),
  route('GET', `${integration}/latest/:tag`, showLatestTaggedPact, 'read'),
  route('GET', `${integration}/branch/:branch/latest`, showLatestBranchPact, 'read'),
  route('GET', `${integration}/branch/latest`, showLatestMainBranchPact, 'read'),

  route('GET', `${integration}/versions`, listPactVersions, 'read'),
  route('GET', `${integration}/tag/:tag`, listTaggedPactVersions, 'read'),
  route('GET', `${integration}/branch/:branch`, listBranchPactVersions, 'read'),
  route('GET', `${integration}/branch`, listMainBranchPactVersions, 'read'),
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
