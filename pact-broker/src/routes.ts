// The broker's route table, read top to bottom like the official broker's api.rb: one line per method and path
// (method, pattern, named handler, access, body schema), grouped by feature folder. Literal segments beat
// parameters wherever a line sits; the order only decides the Allow header of a 405.

import { badgeRoutes } from './badges/routes.js';
import { deploymentRoutes } from './deployments/routes.js';
import { diagnosticRoutes } from './diagnostic/routes.js';
import { environmentRoutes } from './environments/routes.js';
import { forVerificationRoutes } from './for-verification/routes.js';
import { groupRoutes } from './groups/routes.js';
import { indexRoutes } from './index-resource/routes.js';
import { integrationRoutes } from './integrations/routes.js';
import { labelRoutes } from './labels/routes.js';
import { matrixRoutes } from './matrix/routes.js';
import { metricsRoutes } from './metrics/routes.js';
import { pactRoutes } from './pact/routes.js';
import { pacticipantRoutes } from './pacticipants/routes.js';
import { providerContractRoutes } from './provider-contracts/routes.js';
import { providerStateRoutes } from './provider-states/routes.js';
import type { Route } from './route.js';
import { uiRoutes } from './ui/routes.js';
import { verificationRoutes } from './verifications/routes.js';
import { versionRoutes } from './versions/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export const routes: readonly Route[] = [
  ...diagnosticRoutes,
  ...indexRoutes,
  ...metricsRoutes,
  ...uiRoutes,
  ...pacticipantRoutes,
  ...labelRoutes,
  ...versionRoutes,
  ...pactRoutes,
  ...providerStateRoutes,
  ...badgeRoutes,
  ...verificationRoutes,
  ...forVerificationRoutes,
  ...environmentRoutes,
  ...deploymentRoutes,
  ...matrixRoutes,
  ...webhookRoutes,
  ...integrationRoutes,
  ...groupRoutes,
  ...providerContractRoutes,
];
