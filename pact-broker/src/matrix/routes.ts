// Matrix routes: /matrix (every selector form), /can-i-deploy, the branch/tag/main-branch shortcuts and their badges.

import { route } from '../route.js';
import {
  canIDeployBranchToEnvironment,
  canIDeployBranchToEnvironmentBadge,
  canIDeployTagToTag,
  canIDeployTagToTagBadge,
  canIMerge,
  canIMergeBadge,
  showCanIDeploy,
  showMatrix,
} from './handlers.js';

const toEnvironment =
  '/pacticipants/:pacticipant/branches/:branch/latest-version/can-i-deploy/to-environment/:environment';
const toTag = '/pacticipants/:pacticipant/latest-version/:tag/can-i-deploy/to/:to';
const mainBranch = '/pacticipants/:pacticipant/main-branch/can-i-merge';

export const matrixRoutes = [
  route('GET', '/matrix', showMatrix, 'read'),
  route('GET', '/can-i-deploy', showCanIDeploy, 'read'),
  route('GET', toEnvironment, canIDeployBranchToEnvironment, 'read'),
  route('GET', toTag, canIDeployTagToTag, 'read'),
  route('GET', mainBranch, canIMerge, 'read'),
  route('GET', `${toEnvironment}/badge`, canIDeployBranchToEnvironmentBadge, 'read'),
  route('GET', `${toTag}/badge`, canIDeployTagToTagBadge, 'read'),
  route('GET', `${mainBranch}/badge`, canIMergeBadge, 'read'),
];
