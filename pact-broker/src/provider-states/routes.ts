// Provider-state routes (what `pact-broker provider-states list` reads).

import { route } from '../route.js';
import { listBranchProviderStates, listEnvironmentProviderStates, listProviderStates } from './handlers.js';

const states = '/pacts/provider/:provider/provider-states';

export const providerStateRoutes = [
  route('GET', states, listProviderStates, 'read'),
  route('GET', `${states}/branch/:branch`, listBranchProviderStates, 'read'),
  route('GET', `${states}/environment/:environment`, listEnvironmentProviderStates, 'read'),
];
