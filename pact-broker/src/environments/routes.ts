// Environment routes: list (optionally by name), create with an optional client uuid, read, replace, delete.

import { route } from '../route.js';
import { environmentBody, newEnvironmentBody } from './bodies.js';
import {
  createEnvironment,
  listEnvironments,
  removeEnvironment,
  replaceEnvironment,
  showEnvironment,
} from './handlers.js';

export const environmentRoutes = [
  route('GET', '/environments', listEnvironments, 'read'),
  route('POST', '/environments', createEnvironment, 'write', newEnvironmentBody),
  route('GET', '/environments/:uuid', showEnvironment, 'read'),
  route('PUT', '/environments/:uuid', replaceEnvironment, 'write', environmentBody),
  route('DELETE', '/environments/:uuid', removeEnvironment, 'write'),
];
