// Handlers of the health routes (404 when PACT_BROKER_ENABLE_DIAGNOSTIC_ENDPOINTS=false, as upstream unmounts them).

import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import { halResponse } from '../http/hal.js';
import type { Handler } from '../route.js';
import { dependenciesResource, heartbeatResource } from './decorate.js';
import { pingDatabase } from './queries.js';

function requireEnabled({ config }: BrokerDeps): void {
  if (!config.settings.enableDiagnosticEndpoints) throw BrokerError.notFound();
}

export const showHeartbeat: Handler = (ctx, deps) => {
  requireEnabled(deps);
  return halResponse(heartbeatResource(ctx.links));
};

export const showDependencies: Handler = async (ctx, deps) => {
  requireEnabled(deps);
  await pingDatabase(deps.db);
  return halResponse(dependenciesResource(ctx.links));
};
