// Pacts-for-verification routes: GET (flat query options, default selectors) and POST with selectors.

import { route } from '../route.js';
import { verificationQueryBody } from './bodies.js';
import { listPactsForVerification, queryPactsForVerification } from './handlers.js';

export const forVerificationRoutes = [
  route('GET', '/pacts/provider/:provider/for-verification', listPactsForVerification, 'read'),
  // A read, although it is a POST: read-only users and public read may call it (as upstream).
  route(
    'POST',
    '/pacts/provider/:provider/for-verification',
    queryPactsForVerification,
    'read',
    verificationQueryBody,
  ),
];
