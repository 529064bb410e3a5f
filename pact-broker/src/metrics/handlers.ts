// Handler of /metrics: content negotiation between the JSON counts and the Prometheus exposition.

import { halResponse } from '../http/hal.js';
import { wantsText } from '../http/negotiate.js';
import type { Handler } from '../route.js';
import { metricsResource } from './decorate.js';
import { metricCounts, revisionDistribution, verificationDistribution } from './queries.js';

export const showMetrics: Handler = async (ctx, { db, metrics }) => {
  if (wantsText(ctx.headers)) {
    return { status: 200, body: await metrics.text(), headers: { 'Content-Type': metrics.contentType } };
  }
  const [counts, revisions, verifications] = await Promise.all([
    metricCounts(db),
    revisionDistribution(db),
    verificationDistribution(db),
  ]);
  return halResponse(metricsResource(counts, revisions, verifications));
};
