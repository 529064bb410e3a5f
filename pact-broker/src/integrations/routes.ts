// Integration routes: every consumer/provider pair with contract data, and deleting it.

import { route } from '../route.js';
import { removeAllIntegrations, removeIntegration, showIntegrations } from './handlers.js';

export const integrationRoutes = [
  route('GET', '/integrations', showIntegrations, 'read'),
  route('DELETE', '/integrations', removeAllIntegrations, 'write'),
  route('DELETE', '/integrations/provider/:provider/consumer/:consumer', removeIntegration, 'write'),
];
