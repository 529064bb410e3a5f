// Handlers of the provider-state routes: the states the latest main-branch pacts (or a branch's, or an
// environment's) expect the provider to set up.

import { halResponse } from '../http/hal.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import type { Handler } from '../route.js';
import { providerStatesResource } from './decorate.js';
import { type StateSelection, statePacts } from './queries.js';

const listFor =
  (selection: (params: Record<string, string>) => StateSelection): Handler =>
  async (ctx, { db }) => {
    const provider = await requirePacticipant(db, ctx.param('provider'), 'provider');
    const rows = await statePacts(db, provider.id, selection(ctx.params));
    return halResponse(
      providerStatesResource(rows.map((r) => ({ consumer: r.consumer_name, doc: JSON.parse(r.content) }))),
    );
  };

export const listProviderStates = listFor(() => ({ kind: 'mainBranch' }));
export const listBranchProviderStates = listFor((p) => ({ kind: 'branch', branch: p.branch! }));
export const listEnvironmentProviderStates = listFor((p) => ({
  kind: 'environment',
  environment: p.environment!,
}));
