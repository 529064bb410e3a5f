// Request body of a verification result.

import { objectBody } from '../http/context.js';

/** Success, provider version (its branch and tags when the client did not PUT them first), test results. */
export const verificationBody = objectBody((body, c) => {
  const success = c.boolean('success', body.success, true);
  const providerVersion = c.name('providerApplicationVersion', body.providerApplicationVersion);
  const buildUrl = c.optionalString('buildUrl', body.buildUrl);
  const branch = c.name('providerVersionBranch', body.providerVersionBranch, { required: false });
  const tags = c.stringList('providerVersionTags', body.providerVersionTags) ?? [];
  if (body.testResults !== undefined && body.testResults !== null && typeof body.testResults !== 'object') {
    c.add('testResults', 'must be an array or an object');
  }
  if (
    body.verifiedBy !== undefined &&
    body.verifiedBy !== null &&
    (typeof body.verifiedBy !== 'object' || Array.isArray(body.verifiedBy))
  ) {
    c.add('verifiedBy', 'must be an object');
  }
  return {
    success: success!,
    providerVersion: providerVersion!,
    buildUrl: buildUrl ?? null,
    branch,
    tags,
    testResults: body.testResults ?? null,
    verifiedBy: body.verifiedBy ?? null,
  };
});
