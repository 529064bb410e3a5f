// Health routes: the heartbeat load balancers and test harnesses poll, and the database check.

import { route } from '../route.js';
import { showDependencies, showHeartbeat } from './handlers.js';

export const diagnosticRoutes = [
  route('GET', '/diagnostic/status/heartbeat', showHeartbeat, 'heartbeat'),
  route('GET', '/diagnostic/status/dependencies', showDependencies, 'read'),
];
