// Deployed and released versions: record-deployment, record-release, a version's deployments and releases in an
// environment, the environment's current lists, and undeploying / ending support.

import { emptyObjectBody } from '../http/context.js';
import { route } from '../route.js';
import { deployedVersionBody, deploymentBody, releasedVersionBody } from './bodies.js';
import {
  listCurrentlyDeployed,
  listCurrentlySupported,
  listVersionDeployments,
  listVersionReleases,
  recordDeployment,
  recordRelease,
  showDeployedVersion,
  showReleasedVersion,
  updateDeployedVersion,
  updateReleasedVersion,
} from './handlers.js';

const version = '/pacticipants/:pacticipant/versions/:version';

export const deploymentRoutes = [
  route('POST', `${version}/deployed-versions/environment/:uuid`, recordDeployment, 'write', deploymentBody),
  route('GET', `${version}/deployed-versions/environment/:uuid`, listVersionDeployments, 'read'),
  route('POST', `${version}/released-versions/environment/:uuid`, recordRelease, 'write', emptyObjectBody),
  route('GET', `${version}/released-versions/environment/:uuid`, listVersionReleases, 'read'),
  route('GET', '/environments/:uuid/deployed-versions/currently-deployed', listCurrentlyDeployed, 'read'),
  route('GET', '/environments/:uuid/released-versions/currently-supported', listCurrentlySupported, 'read'),
  route('GET', '/deployed-versions/:uuid', showDeployedVersion, 'read'),
  route('PATCH', '/deployed-versions/:uuid', updateDeployedVersion, 'write', deployedVersionBody),
  route('PUT', '/deployed-versions/:uuid', updateDeployedVersion, 'write', deployedVersionBody),
  route('GET', '/released-versions/:uuid', showReleasedVersion, 'read'),
  route('PATCH', '/released-versions/:uuid', updateReleasedVersion, 'write', releasedVersionBody),
  route('PUT', '/released-versions/:uuid', updateReleasedVersion, 'write', releasedVersionBody),
];
