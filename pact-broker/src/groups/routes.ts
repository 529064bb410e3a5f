// Network routes: the group of integrations around a pacticipant (CSV and HTML) and every relationship (CSV).

import { route } from '../route.js';
import { showGroup, showNetworkPage, showRelationships } from './handlers.js';

export const groupRoutes = [
  route('GET', '/relationships', showRelationships, 'read'),
  route('GET', '/groups/:pacticipant', showGroup, 'read'),
  route('GET', '/pacticipants/:pacticipant/network', showNetworkPage, 'read'),
];
