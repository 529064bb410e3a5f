// Handlers of the pact and matrix badges: find the pact and the verification it reports, then deliver the badge.

import type { RequestContext } from '../http/context.js';
import { negotiate } from '../http/negotiate.js';
import type { Handler } from '../route.js';
import { type Badge, pactBadge, pactStatus } from './decorate.js';
import { pactBadgeResponse } from './deliver.js';
import {
  type BadgePact,
  type BadgeScope,
  type BadgeVerification,
  latestBadgePact,
  latestBadgeVerification,
  latestTaggedMatrixVerification,
} from './queries.js';

/** The official static images: `pact` on the left, the status on the right. */
function offlineBadge(pact: BadgePact | undefined, full: Badge): Badge {
  return { ...full, left: pact ? 'pact' : 'pact not found' };
}

function comment(ctx: RequestContext, pact?: BadgePact, v?: BadgeVerification): string {
  return `<!-- ${ctx.param('consumer')} version ${pact?.consumer_version_number ?? '?'} revision ${pact?.revision ?? '?'} ${ctx.param('provider')} version ${v?.provider_version_number ?? '?'} number ${v?.number ?? '?'} -->\n`;
}

function badgeOptions(ctx: RequestContext) {
  return { label: ctx.query.get('label') || undefined, initials: ctx.query.get('initials') === 'true' };
}

const pactBadgeFor =
  (scope: (ctx: RequestContext) => BadgeScope): Handler =>
  async (ctx, { db, config }) => {
    negotiate(ctx.headers, ['image/svg+xml'] as const);
    const s = scope(ctx);
    const pact = await latestBadgePact(db, ctx.param('provider'), ctx.param('consumer'), s);
    const v = pact
      ? await latestBadgeVerification(db, ctx.param('provider'), ctx.param('consumer'), s)
      : undefined;
    const status = pactStatus(pact?.sha, v);
    const badge = pactBadge(pact, status, badgeOptions(ctx));
    return pactBadgeResponse(config.settings.badges, badge, offlineBadge(pact, badge), comment(ctx, pact, v));
  };

export const showLatestPactBadge = pactBadgeFor(() => ({ kind: 'any' }));
export const showLatestTaggedPactBadge = pactBadgeFor((ctx) => ({ kind: 'tag', tag: ctx.param('tag') }));
export const showLatestUntaggedPactBadge = pactBadgeFor(() => ({ kind: 'untagged' }));
export const showLatestBranchPactBadge = pactBadgeFor((ctx) => ({
  kind: 'branch',
  branch: ctx.param('branch'),
}));

/** The latest `ctag` pact as verified by the latest `ptag` provider versions. */
export const showMatrixBadge: Handler = async (ctx, { db, config }) => {
  negotiate(ctx.headers, ['image/svg+xml'] as const);
  const provider = ctx.param('provider');
  const consumer = ctx.param('consumer');
  const consumerTag = ctx.param('tag');
  const providerTag = ctx.param('providerTag');
  const pact = await latestBadgePact(db, provider, consumer, { kind: 'tag', tag: consumerTag });
  const v = pact
    ? await latestTaggedMatrixVerification(db, provider, consumer, consumerTag, providerTag)
    : undefined;
  const status = pactStatus(pact?.sha, v);
  const badge = pactBadge(pact, status, { ...badgeOptions(ctx), consumerTag, providerTag });
  return pactBadgeResponse(config.settings.badges, badge, offlineBadge(pact, badge), comment(ctx, pact, v));
};
