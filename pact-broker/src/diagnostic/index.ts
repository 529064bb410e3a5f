// Health endpoints: the heartbeat load balancers and test harnesses poll.

import { halResponse } from '../http/hal.js';
import type { BrokerModule } from '../module.js';

export const diagnosticModule: BrokerModule = {
  name: 'diagnostic',
  register(router, deps) {
    router.get(
      '/diagnostic/status/heartbeat',
      (ctx) => halResponse({ ok: true, _links: { self: ctx.links.link('/diagnostic/status/heartbeat') } }),
      { access: deps.config.auth.publicHeartbeat ? 'public' : 'read' },
    );
    router.get('/diagnostic/status/dependencies', async (ctx) => {
      await deps.db.query('SELECT 1');
      return halResponse({
        ok: true,
        dependencies: { database: { ok: true } },
        _links: { self: ctx.links.link('/diagnostic/status/dependencies') },
      });
    });
  },
};
