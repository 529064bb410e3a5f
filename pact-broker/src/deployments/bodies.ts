// Request bodies of the deployment routes.

import { objectBody } from '../http/context.js';
import type { Checker } from '../validation/index.js';

/** An optional boolean flag; anything else but true/false is a 400 on that field. */
function flag(body: Record<string, unknown>, field: string, c: Checker): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    c.add(field, 'must be one of: true, false');
    return undefined;
  }
  return v;
}

/** record-deployment: the application instance (`target` is the older name); none means the default instance. */
export const deploymentBody = objectBody((body, c) => {
  const value = body.applicationInstance ?? body.target;
  if (value === undefined || value === null) return { instance: '' };
  if (typeof value !== 'string') c.add('applicationInstance', 'must be a string');
  else if (value.length > 255) c.add('applicationInstance', 'cannot be longer than 255 characters');
  return { instance: typeof value === 'string' ? value : '' };
});

/** PATCH/PUT of a deployed version: `currentlyDeployed: false` records the undeployment. */
export const deployedVersionBody = objectBody((body, c) => ({
  currentlyDeployed: flag(body, 'currentlyDeployed', c),
}));

/** PATCH/PUT of a released version: `currentlySupported` ends (or restores) support. */
export const releasedVersionBody = objectBody((body, c) => ({
  currentlySupported: flag(body, 'currentlySupported', c),
}));
