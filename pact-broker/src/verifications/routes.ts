// Verification result routes: publish for a pact version (creating the provider version), read, latest.

import { route } from '../route.js';
import { verificationBody } from './bodies.js';
import {
  listVerifications,
  publishVerification,
  removeLatestPactVerification,
  removeLatestTaggedPactVerification,
  removeLatestVerification,
  removeLatestVersionPactVerification,
  removeVerification,
  showConsumerVersionVerifications,
  showLatestPactVerification,
  showLatestTaggedPactVerification,
  showLatestVerification,
  showLatestVersionPactVerification,
  showVerification,
} from './handlers.js';

const integration = '/pacts/provider/:provider/consumer/:consumer';
const pactVersion = `${integration}/pact-version/:sha`;

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
  route(
    'GET',
    `${integration}/version/:version/verification-results/latest`,
    showLatestVersionPactVerification,
    'read',
  ),
  route(
    'DELETE',
    `${integration}/version/:version/verification-results/latest`,
    removeLatestVersionPactVerification,
    'write',
  ),
  route('GET', `${pactVersion}/verification-results/latest`, showLatestVerification, 'read'),
  route('DELETE', `${pactVersion}/verification-results/latest`, removeLatestVerification, 'write'),
  ...[pactVersion, `${pactVersion}/metadata/:metadata`].flatMap((p) => [
    route('GET', `${p}/verification-results/:number`, showVerification, 'read'),
    route('DELETE', `${p}/verification-results/:number`, removeVerification, 'write'),
  ]),
  route('GET', `${integration}/latest/verification-results/latest`, showLatestPactVerification, 'read'),
  route('DELETE', `${integration}/latest/verification-results/latest`, removeLatestPactVerification, 'write'),
  route(
    'GET',
    `${integration}/latest/:tag/verification-results/latest`,
    showLatestTaggedPactVerification,
    'read',
  ),
  route(
    'DELETE',
    `${integration}/latest/:tag/verification-results/latest`,
    removeLatestTaggedPactVerification,
    'write',
  ),
  route(
    'GET',
    '/verification-results/consumer/:consumer/version/:version/latest',
    showConsumerVersionVerifications,
    'read',
  ),
];
