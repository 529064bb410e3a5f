// Verification result routes: publish for a pact version (creating the provider version), read, latest.

import { route } from '../route.js';
import { verificationBody } from './bodies.js';
import {
  listVerifications,
  publishVerification,
  showConsumerVersionVerifications,
  showLatestPactVerification,
  showLatestVerification,
  showVerification,
} from './handlers.js';

const pactVersion = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha';

export const verificationRoutes = [
  route('POST', `${pactVersion}/verification-results`, publishVerification, 'write', verificationBody),
  route(
    'POST',
    `${pactVersion}/metadata/:metadata/verification-results`,
    publishVerification,
    'write',
    verificationBody,
  ),
  route('GET', `${pactVersion}/verification-results`, listVerifications, 'read'),
  route('GET', `${pactVersion}/verification-results/latest`, showLatestVerification, 'read'),
  route('GET', `${pactVersion}/verification-results/:number`, showVerification, 'read'),
  route(
    'GET',
    '/pacts/provider/:provider/consumer/:consumer/latest/verification-results/latest',
    showLatestPactVerification,
    'read',
  ),
  route(
    'GET',
    '/verification-results/consumer/:consumer/version/:version/latest',
    showConsumerVersionVerifications,
    'read',
  ),
];
