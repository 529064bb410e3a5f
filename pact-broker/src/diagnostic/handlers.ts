// Handlers of the health routes.

import { halResponse } from '../http/hal.js';
import type { Handler } from '../route.js';
import { dependenciesResource, heartbeatResource } from './decorate.js';
import { pingDatabase } from './queries.js';

export const showHeartbeat: Handler = (ctx) => halResponse(heartbeatResource(ctx.links));

export const showDependencies: Handler = async (ctx, { db }) => {
  await pingDatabase(db);
  return halResponse(dependenciesResource(ctx.links));
};
