// Routes of a pacticipant's versions, latest versions, tags and branches.

import { emptyObjectBody } from '../http/context.js';
import { route } from '../route.js';
import { versionBody } from './bodies.js';
import {
  addBranchVersion,
  addVersionTag,
  listBranches,
  listBranchVersions,
  listTaggedVersions,
  listVersions,
  listVersionTags,
  patchVersion,
  removeBranch,
  removeBranchVersion,
  removeVersion,
  removeVersionTag,
  replaceVersion,
  showBranch,
  showBranchVersion,
  showLatestBranchVersion,
  showLatestTaggedVersion,
  showLatestVersion,
  showVersion,
  showVersionTag,
} from './handlers.js';

const version = '/pacticipants/:pacticipant/versions/:version';
const branch = '/pacticipants/:pacticipant/branches/:branch';

export const versionRoutes = [
  route('GET', '/pacticipants/:pacticipant/versions', listVersions, 'read'),
  route('GET', version, showVersion, 'read'),
  route('PUT', version, replaceVersion, 'write', versionBody),
  route('PATCH', version, patchVersion, 'write', versionBody),
  route('DELETE', version, removeVersion, 'write'),
  route('GET', '/pacticipants/:pacticipant/latest-version', showLatestVersion, 'read'),
  route('GET', '/pacticipants/:pacticipant/latest-version/:tag', showLatestTaggedVersion, 'read'),

  route('GET', `${version}/tags`, listVersionTags, 'read'),
  route('GET', `${version}/tags/:tag`, showVersionTag, 'read'),
  route('PUT', `${version}/tags/:tag`, addVersionTag, 'write', emptyObjectBody),
  route('DELETE', `${version}/tags/:tag`, removeVersionTag, 'write'),
  route('GET', '/pacticipants/:pacticipant/tags/:tag/versions', listTaggedVersions, 'read'),

  route('GET', '/pacticipants/:pacticipant/branches', listBranches, 'read'),
  route('GET', branch, showBranch, 'read'),
  route('DELETE', branch, removeBranch, 'write'),
  route('GET', `${branch}/latest-version`, showLatestBranchVersion, 'read'),
  route('GET', `${branch}/versions`, listBranchVersions, 'read'),
  route('GET', `${branch}/versions/:version`, showBranchVersion, 'read'),
  route('PUT', `${branch}/versions/:version`, addBranchVersion, 'write', emptyObjectBody),
  route('DELETE', `${branch}/versions/:version`, removeBranchVersion, 'write'),
];
