// Badge routes: the latest pact's verification status (latest, by tag, untagged, by branch) and the tag matrix.

import { route } from '../route.js';
import {
  showLatestBranchPactBadge,
  showLatestPactBadge,
  showLatestTaggedPactBadge,
  showLatestUntaggedPactBadge,
  showMatrixBadge,
} from './handlers.js';

const integration = '/pacts/provider/:provider/consumer/:consumer';

export const badgeRoutes = [
  route('GET', `${integration}/latest/badge`, showLatestPactBadge, 'badge'),
  route('GET', `${integration}/latest/:tag/badge`, showLatestTaggedPactBadge, 'badge'),
  route('GET', `${integration}/latest-untagged/badge`, showLatestUntaggedPactBadge, 'badge'),
  // Not an official route: the branch counterpart of the tag badge (README, extensions).
  route('GET', `${integration}/branch/:branch/latest/badge`, showLatestBranchPactBadge, 'badge'),
  route(
    'GET',
    '/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:tag/badge',
    showMatrixBadge,
    'badge',
  ),
];
