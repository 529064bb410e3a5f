// Pacticipant routes: list, create, read, replace, patch (upsert) and delete.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import { halResponse, noContent, path } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { Checker, checkName } from '../validation/index.js';
import { decoratePacticipant } from './decorate.js';
import {
  deletePacticipant,
  findOrCreatePacticipant,
  findPacticipant,
  listPacticipants,
  type PacticipantFields,
  updatePacticipant,
} from './queries.js';

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

export async function requirePacticipant(db: Db, name: string) {
  const p = await findPacticipant(db, name);
  if (!p) throw BrokerError.notFound(`No pacticipant with name '${name}' found`);
  return p;
}

export const pacticipantsModule: BrokerModule = {
  name: 'pacticipants',
  register(router, { db }) {
    router.get('/pacticipants', async (ctx) => {
      const rows = await listPacticipants(db);
      const items = await Promise.all(rows.map((p) => decoratePacticipant(db, ctx.links, p)));
      return halResponse({
        _embedded: { pacticipants: items },
        pacticipants: items,
        _links: {
          self: ctx.links.link('/pacticipants'),
          'pb:pacticipants': rows.map((p) =>
            ctx.links.link(path`/pacticipants/${p.name}`, { title: p.name, name: p.name }),
          ),
          pacticipants: rows.map((p) =>
            ctx.links.link(path`/pacticipants/${p.name}`, { title: p.name, name: p.name }),
          ),
        },
      });
    });

    router.post('/pacticipants', async (ctx) => {
      const body = ctx.jsonObject();
      const c = new Checker();
      const name = c.name('name', body.name);
      const fields = readFields(body, c);
      c.throwIfAny();
      const row = await db.transaction(async (tx) => {
        const { row, created } = await findOrCreatePacticipant(tx, name!);
        if (!created)
          throw new BrokerError('conflict', `A pacticipant with name '${name}' already exists`, {
            errors: { name: [`A pacticipant with name '${name}' already exists`] },
          });
        return updatePacticipant(tx, row.id, fields, false);
      });
      const decorated = await decoratePacticipant(db, ctx.links, row);
      return halResponse(decorated, 201, { Location: ctx.links.url(path`/pacticipants/${row.name}`) });
    });

    router.get('/pacticipants/:pacticipant', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      return halResponse(await decoratePacticipant(db, ctx.links, p));
    });

    const upsert = (replace: boolean) => async (ctx: import('../http/context.js').RequestContext) => {
      const name = checkName('name', ctx.param('pacticipant'));
      const body = ctx.jsonObject();
      const c = new Checker();
      if (body.name !== undefined && body.name !== name)
        c.add('name', `must match the name in the URL (${name})`);
      const fields = readFields(body, c);
      c.throwIfAny();
      const { row, created } = await db.transaction(async (tx) => {
        const found = await findOrCreatePacticipant(tx, name);
        return { row: await updatePacticipant(tx, found.row.id, fields, replace), created: found.created };
      });
      return halResponse(await decoratePacticipant(db, ctx.links, row), created ? 201 : 200);
    };
    router.put('/pacticipants/:pacticipant', upsert(true));
    router.patch('/pacticipants/:pacticipant', upsert(false));

    router.delete('/pacticipants/:pacticipant', async (ctx) => {
      const p = await requirePacticipant(db, ctx.param('pacticipant'));
      await deletePacticipant(db, p.id);
      return noContent();
    });
  },
};
