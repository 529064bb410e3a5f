// Webhook routes: CRUD (global or scoped to pacticipants), test execution, deliveries and their logs, retry.

import { route } from '../route.js';
import { webhookBody } from './bodies.js';
import {
  createWebhook,
  executeUnsavedWebhook,
  executeWebhook,
  listDeliveries,
  listPactDeliveries,
  listVerificationDeliveries,
  listWebhookDeliveries,
  listWebhooks,
  putWebhook,
  removeWebhook,
  retryDelivery,
  showDelivery,
  showDeliveryLogs,
  showWebhook,
} from './handlers.js';

export const webhookRoutes = [
  route('GET', '/webhooks', listWebhooks, 'read'),
  route('POST', '/webhooks', createWebhook, 'write', webhookBody),
  route('GET', '/webhooks/provider/:provider/consumer/:consumer', listWebhooks, 'read'),
  route('POST', '/webhooks/provider/:provider/consumer/:consumer', createWebhook, 'write', webhookBody),
  route('GET', '/webhooks/provider/:provider', listWebhooks, 'read'),
  route('POST', '/webhooks/provider/:provider', createWebhook, 'write', webhookBody),
  route('GET', '/webhooks/consumer/:consumer', listWebhooks, 'read'),
  route('POST', '/webhooks/consumer/:consumer', createWebhook, 'write', webhookBody),
  route('GET', '/webhooks/:uuid', showWebhook, 'read'),
  route('PUT', '/webhooks/:uuid', putWebhook, 'write', webhookBody),
  route('DELETE', '/webhooks/:uuid', removeWebhook, 'write'),
  route('POST', '/webhooks/:uuid/execute', executeWebhook, 'write'),
  route('POST', '/webhooks/execute', executeUnsavedWebhook, 'write', webhookBody),

  route('GET', '/webhooks/:uuid/triggered-webhooks', listWebhookDeliveries, 'read'),
  route('GET', '/triggered-webhooks', listDeliveries, 'read'),
  route(
    'GET',
    '/pacts/provider/:provider/consumer/:consumer/version/:version/triggered-webhooks',
    listPactDeliveries,
    'read',
  ),
  route(
    'GET',
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number/triggered-webhooks',
    listVerificationDeliveries,
    'read',
  ),
  route('GET', '/triggered-webhooks/:uuid', showDelivery, 'read'),
  route('GET', '/triggered-webhooks/:uuid/logs', showDeliveryLogs, 'read'),
  route('POST', '/triggered-webhooks/:uuid/retry', retryDelivery, 'write'),
];
