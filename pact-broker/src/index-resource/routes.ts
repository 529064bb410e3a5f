// The index route: `/` is the HAL entry point for API clients and the integrations page for browsers.

import { route } from '../route.js';
import { showIndex } from './handlers.js';

export const indexRoutes = [route('GET', '/', showIndex, 'read')];
