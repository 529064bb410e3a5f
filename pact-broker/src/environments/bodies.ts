// Request bodies of the environment routes (the official contract: a name without spaces, a production flag,
// optional display name and contacts; a create may choose the uuid).

import type { BrokerDeps } from '../deps.js';
import { objectBody } from '../http/context.js';
import { type Checker, MAX_ENTRIES, MAX_LENGTH } from '../validation/index.js';
import { type Contact, findEnvironmentByName, findEnvironmentByUuid } from './queries.js';

/** Longest JSON text of one contact's free-form details. */
const MAX_CONTACT_DETAILS = 10_000;

const UUID_RE = /^[A-Za-z0-9_-]{1,64}$/;

function readEnvironment(body: Record<string, unknown>, c: Checker) {
  const { name, displayName, production, contacts } = body;
  if (name === undefined || name === null || name === '') c.add('name', 'is missing');
  else if (typeof name !== 'string') c.add('name', 'must be a string');
  else if (/\s/.test(name)) c.add('name', 'cannot contain spaces');
  else c.name('name', name);
  c.optionalString('displayName', displayName, MAX_LENGTH.displayName);
  if (production === undefined || production === null) c.add('production', 'is missing');
  else if (typeof production !== 'boolean') c.add('production', 'must be one of: true, false');
  let contactList: Contact[] | null = null;
  if (contacts !== undefined && contacts !== null) {
    if (!Array.isArray(contacts)) c.add('contacts', 'must be an array');
    else if (contacts.length > MAX_ENTRIES) c.add('contacts', `cannot have more than ${MAX_ENTRIES} entries`);
    else {
      contacts.forEach((contact, i) => {
        if (contact === null || typeof contact !== 'object' || Array.isArray(contact))
          c.add(`contacts[${i}]`, 'must be an object');
        else {
          const cc = contact as Record<string, unknown>;
          if (typeof cc.name !== 'string' || cc.name === '') c.add(`contacts[${i}].name`, 'is missing');
          else c.name(`contacts[${i}].name`, cc.name);
          if (cc.details !== undefined && JSON.stringify(cc.details).length > MAX_CONTACT_DETAILS)
            c.add(
              `contacts[${i}].details`,
              `cannot be longer than ${MAX_CONTACT_DETAILS} characters as JSON`,
            );
          if (
            cc.details !== undefined &&
            (cc.details === null || typeof cc.details !== 'object' || Array.isArray(cc.details))
          )
            c.add(`contacts[${i}].details`, 'must be an object');
        }
      });
      contactList = contacts as Contact[];
    }
  }
  return {
    name: name as string,
    displayName: (displayName as string | null | undefined) ?? null,
    production: production as boolean,
    contacts: contactList,
  };
}

/** Names are unique: another environment with this name is a 400 on `name`. */
async function checkNameFree(deps: BrokerDeps, c: Checker, name: unknown, self: string | undefined) {
  if (typeof name !== 'string' || c.errors.name) return;
  const other = await findEnvironmentByName(deps.db, name);
  if (other && other.uuid !== self) c.add('name', `Another environment with name '${name}' already exists.`);
}

/** PUT /environments/{uuid}: the environment's fields (the uuid stays). */
export const environmentBody = objectBody(async (body, c, ctx, deps: BrokerDeps) => {
  const fields = readEnvironment(body, c);
  await checkNameFree(deps, c, body.name, ctx.param('uuid'));
  return fields;
});

/** POST /environments: the fields and an optional uuid of the client's choosing (unique, too). */
export const newEnvironmentBody = objectBody(async (body, c, _ctx, deps: BrokerDeps) => {
  const fields = readEnvironment(body, c);
  const { uuid } = body;
  if (uuid !== undefined && uuid !== null) {
    if (typeof uuid !== 'string' || !UUID_RE.test(uuid))
      c.add('uuid', 'must contain only letters, digits, - and _');
    else if (await findEnvironmentByUuid(deps.db, uuid))
      c.add('uuid', `Another environment with the UUID ${uuid} already exists.`);
  }
  await checkNameFree(deps, c, body.name, undefined);
  return { ...fields, uuid: typeof uuid === 'string' && UUID_RE.test(uuid) ? uuid : undefined };
});
