// Handler of `/`: content negotiation between the HTML integrations page and the HAL index.

import { halResponse } from '../http/hal.js';
import { wantsHtml } from '../http/negotiate.js';
import type { Handler } from '../route.js';
import { showOverviewPage } from '../ui/handlers.js';
import { indexResource } from './decorate.js';

export const showIndex: Handler = (ctx, deps) =>
  wantsHtml(ctx.headers)
    ? showOverviewPage(ctx, deps)
    : halResponse(
        indexResource(ctx.links, {
          disablePactsForVerification: deps.config.settings.features.disablePactsForVerification,
        }),
      );
