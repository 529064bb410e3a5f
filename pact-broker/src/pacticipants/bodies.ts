// Request bodies of the pacticipant routes.

import { objectBody } from '../http/context.js';
import type { Checker } from '../validation/index.js';
import type { PacticipantFields } from './queries.js';

/** Reads the optional pacticipant fields, accepting camelCase and the snake_case older clients send. */
function readFields(body: Record<string, unknown>, c: Checker): PacticipantFields {
  const pick = (camel: string, snake: string) => (body[camel] !== undefined ? body[camel] : body[snake]);
  const mainBranch = pick('mainBranch', 'main_branch');
  return {
    displayName: c.optionalString('displayName', pick('displayName', 'display_name'), 255),
    repositoryUrl: c.optionalString('repositoryUrl', pick('repositoryUrl', 'repository_url')),
    repositoryName: c.optionalString('repositoryName', pick('repositoryName', 'repository_name'), 255),
    repositoryNamespace: c.optionalString(
      'repositoryNamespace',
      pick('repositoryNamespace', 'repository_namespace'),
      255,
    ),
    mainBranch:
      mainBranch === null || mainBranch === undefined
        ? (mainBranch as null | undefined)
        : c.name('mainBranch', mainBranch),
  };
}

/** POST /pacticipants: a name and the optional fields. */
export const newPacticipantBody = objectBody((body, c) => {
  const name = c.name('name', body.name);
  return { name: name!, fields: readFields(body, c) };
});

/** PUT/PATCH /pacticipants/{p}: the optional fields; a name, if given, must be the one in the URL. */
export const pacticipantBody = objectBody((body, c, ctx) => {
  const name = ctx.param('pacticipant');
  if (body.name !== undefined && body.name !== name)
    c.add('name', `must match the name in the URL (${name})`);
  return readFields(body, c);
});
