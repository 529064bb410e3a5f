// Routes of the HTML pages under /ui (the integrations page itself is `/` for browsers, see index-resource).

import { route } from '../route.js';
import { showLatestPactPage, showMatrixPage, showPactPage, showVerificationsPage } from './handlers.js';

export const uiRoutes = [
  route('GET', '/ui/pacts/provider/:provider/consumer/:consumer/latest', showLatestPactPage, 'read'),
  route('GET', '/ui/pacts/provider/:provider/consumer/:consumer/version/:version', showPactPage, 'read'),
  route('GET', '/ui/verifications/provider/:provider/consumer/:consumer', showVerificationsPage, 'read'),
  route('GET', '/ui/matrix', showMatrixPage, 'read'),
];
