// The metrics route: the official broker's JSON counts, or Prometheus text for `Accept: text/plain`.

import { route } from '../route.js';
import { showMetrics } from './handlers.js';

export const metricsRoutes = [route('GET', '/metrics', showMetrics, 'read')];
