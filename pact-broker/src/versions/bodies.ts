// Request bodies of the version routes.

import { objectBody } from '../http/context.js';

/** PUT/PATCH of a version: build URL, a branch to add it to, tags to add. */
export const versionBody = objectBody((body, c) => ({
  buildUrl: c.optionalString('buildUrl', body.buildUrl),
  branch: c.name('branch', body.branch, { required: false }),
  tags: c.stringList('tags', body.tags),
}));
