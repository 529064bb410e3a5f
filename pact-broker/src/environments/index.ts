// Environment routes: list (optionally by name), create with an optional client uuid, read, replace, delete.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { BrokerError, type FieldErrors } from '../errors.js';
import { halResponse, noContent } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { decorateEnvironment, environmentPath } from './decorate.js';
import {
  type Contact,
  deleteEnvironment,
  type EnvironmentFields,
  type EnvironmentRow,
  findEnvironmentByName,
  findEnvironmentByUuid,
  insertEnvironment,
  listEnvironments,
  updateEnvironment,
} from './queries.js';

export { type EnvironmentRow, findEnvironmentByName, findEnvironmentByUuid } from './queries.js';

const UUID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Validates a create/replace body; the official contract: name without spaces, production boolean, contacts list. */
async function readEnvironment(
  db: Db,
  body: Record<string, unknown>,
  existing: EnvironmentRow | undefined,
): Promise<EnvironmentFields> {
  const errors: FieldErrors = {};
  const add = (f: string, m: string) => {
    errors[f] = [...(errors[f] ?? []), m];
  };
  const { name, displayName, production, contacts, uuid } = body;
  if (name === undefined || name === null || name === '') add('name', 'is missing');
  else if (typeof name !== 'string') add('name', 'must be a string');
  else if (/\s/.test(name)) add('name', 'cannot contain spaces');
  else if (name.length > 255) add('name', 'cannot be longer than 255 characters');
  if (displayName !== undefined && displayName !== null && typeof displayName !== 'string')
    add('displayName', 'must be a string');
  if (production === undefined || production === null) add('production', 'is missing');
  else if (typeof production !== 'boolean') add('production', 'must be one of: true, false');
  let contactList: Contact[] | null = null;
  if (contacts !== undefined && contacts !== null) {
    if (!Array.isArray(contacts)) add('contacts', 'must be an array');
    else {
      contacts.forEach((c, i) => {
        if (c === null || typeof c !== 'object' || Array.isArray(c))
          add(`contacts[${i}]`, 'must be an object');
        else {
          const cc = c as Record<string, unknown>;
          if (typeof cc.name !== 'string' || cc.name === '') add(`contacts[${i}].name`, 'is missing');
          if (
            cc.details !== undefined &&
            (cc.details === null || typeof cc.details !== 'object' || Array.isArray(cc.details))
          )
            add(`contacts[${i}].details`, 'must be an object');
        }
      });
      contactList = contacts as Contact[];
    }
  }
  let id = existing?.uuid;
  if (!existing) {
    if (uuid === undefined || uuid === null) id = randomUUID();
    else if (typeof uuid !== 'string' || !UUID_RE.test(uuid))
      add('uuid', 'must contain only letters, digits, - and _');
    else {
      id = uuid;
      if (await findEnvironmentByUuid(db, uuid))
        add('uuid', `Another environment with the UUID ${uuid} already exists.`);
    }
  }
  if (typeof name === 'string' && !errors.name) {
    const other = await findEnvironmentByName(db, name);
    if (other && other.id !== existing?.id)
      add('name', `Another environment with name '${name}' already exists.`);
  }
  if (Object.keys(errors).length > 0) throw BrokerError.validation(errors);
  return {
    uuid: id!,
    name: name as string,
    displayName: (displayName as string | null | undefined) ?? null,
    production: production as boolean,
    contacts: contactList,
  };
}

export async function requireEnvironment(db: Db, uuid: string): Promise<EnvironmentRow> {
  const e = await findEnvironmentByUuid(db, uuid);
  if (!e) throw BrokerError.notFound(`No environment with uuid ${uuid} found`);
  return e;
}

export const environmentsModule: BrokerModule = {
  name: 'environments',
  register(router, { db }) {
    router.get('/environments', async (ctx) => {
      const rows = await listEnvironments(db, ctx.query.get('name') ?? undefined);
      return halResponse({
        _embedded: { environments: rows.map((e) => decorateEnvironment(ctx.links, e)) },
        _links: {
          self: ctx.links.link('/environments', { title: 'Environments' }),
          'pb:createEnvironment': ctx.links.link('/environments', { title: 'Create an environment' }),
          'pb:environments': rows.map((e) =>
            ctx.links.link(environmentPath(e.uuid), { title: 'Environment', name: e.name }),
          ),
        },
      });
    });

    router.post('/environments', async (ctx) => {
      const body = ctx.jsonObject();
      const e = await db.transaction(async (tx) =>
        insertEnvironment(tx, await readEnvironment(tx, body, undefined)),
      );
      const res = decorateEnvironment(ctx.links, e);
      return halResponse(res, 201, { Location: res._links.self.href });
    });

    router.get('/environments/:uuid', async (ctx) =>
      halResponse(decorateEnvironment(ctx.links, await requireEnvironment(db, ctx.param('uuid')))),
    );

    router.put('/environments/:uuid', async (ctx) => {
      const body = ctx.jsonObject();
      const e = await db.transaction(async (tx) => {
        const existing = await requireEnvironment(tx, ctx.param('uuid'));
        const f = await readEnvironment(tx, body, existing);
        return updateEnvironment(tx, existing.id, f);
      });
      return halResponse(decorateEnvironment(ctx.links, e));
    });

    router.delete('/environments/:uuid', async (ctx) => {
      const e = await requireEnvironment(db, ctx.param('uuid'));
      await deleteEnvironment(db, e.id);
      return noContent();
    });
  },
};
