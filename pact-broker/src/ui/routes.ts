// Routes of the HTML pages under /ui (the overview is also `/` for browsers, see index-resource). Every page needs
// read access, as the API it shows; the retry form's POST needs write access, as the API's retry.

import { route } from '../route.js';
import {
  retryDeliveryFromPage,
  showCanIDeployPage,
  showLatestPactPage,
  showMatrixPage,
  showNetworkPage,
  showOverviewPage,
  showPacticipantPage,
  showPactPage,
  showVerificationPage,
  showVerificationsPage,
  showVersionPage,
  showWebhooksPage,
} from './handlers.js';
import { serveStylesheet } from './style.js';

export const uiRoutes = [
  route('GET', '/ui/pacts/provider/:provider/consumer/:consumer/latest', showLatestPactPage, 'read'),
  route('GET', '/ui/pacts/provider/:provider/consumer/:consumer/version/:version', showPactPage, 'read'),
  route('GET', '/ui/verifications/provider/:provider/consumer/:consumer', showVerificationsPage, 'read'),
  route('GET', '/ui/matrix', showMatrixPage, 'read'),
  route('GET', '/ui/style.css', serveStylesheet, 'public'),
  route('GET', '/ui', showOverviewPage, 'read'),
  route('GET', '/ui/network', showNetworkPage, 'read'),
  route('GET', '/ui/pacticipants/:pacticipant', showPacticipantPage, 'read'),
  route('GET', '/ui/pacticipants/:pacticipant/versions/:version', showVersionPage, 'read'),
  route('GET', '/ui/can-i-deploy', showCanIDeployPage, 'read'),
  route(
    'GET',
    '/ui/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number',
    showVerificationPage,
    'read',
  ),
  route('GET', '/ui/webhooks', showWebhooksPage, 'read'),
  route('POST', '/ui/triggered-webhooks/:uuid/retry', retryDeliveryFromPage, 'write'),
];
