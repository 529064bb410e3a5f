// Example data for a new broker (seed_example_data, the official default): Example App and Example API with
// main and feature-branch versions, three pacts, verifications and deployments to test and production, as the
// official broker seeds them. Runs once per database, only into an empty one.

import type { Db } from '../db/db.js';
import { contentSha, countInteractions, type PactDoc, withInteractionIds } from '../pact/content.js';
import { examplePact1, examplePact2, examplePact3 } from './pacts.js';
import * as q from './queries.js';

/** Seeds the example data unless it was seeded (or skipped) before or the database has pacticipants. */
export async function seedExampleData(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await q.claimSeed(tx)) || (await q.hasPacticipants(tx))) return false;
    await q.insertEnvironment(tx, 'test', 'Test', false);
    await q.insertEnvironment(tx, 'production', 'Production', true);
    const app = await q.insertPacticipant(tx, 'Example App', 'main', 16);
    const api = await q.insertPacticipant(tx, 'Example API', 'main', 16);
    const content = (doc: PactDoc, days: number) =>
      q.insertContent(tx, {
        consumerId: app,
        providerId: api,
        sha: contentSha(doc),
        content: JSON.stringify(withInteractionIds(doc)),
        interactions: countInteractions(doc).interactions,
        days,
      });
    const publish = (version: { id: number; ord: number }, pactVersionId: number, days: number) =>
      q.insertPublication(tx, { consumerId: app, providerId: api, version, pactVersionId, days });
    const verify = (
      number: number,
      pactVersionId: number,
      providerVersionId: number,
      success: boolean,
      days: number,
    ) =>
      q.insertVerification(tx, {
        number,
        pactVersionId,
        providerVersionId,
        consumerId: app,
        providerId: api,
        success,
        days,
      });
    const deploy = (
      pacticipantId: number,
      versionId: number,
      environment: string,
      current: boolean,
      days: number,
    ) => q.insertDeployment(tx, { pacticipantId, versionId, environment, current, days });

    const cv1 = await q.insertVersion(tx, app, 'e15da45d3943bf10793a6d04cfb9f5dabe430fe2', 'main', 16);
    await q.insertTag(tx, app, cv1, 'prod', 16);
    await q.insertTag(tx, app, cv1, 'main', 16);
    await deploy(app, cv1.id, 'production', false, 16);
    const pact1 = await content(examplePact1, 16);
    await publish(cv1, pact1, 16);
    const pv1 = await q.insertVersion(tx, api, '1315e0b1924cb6f42751f977789be3559373033a', 'main', 15);
    await verify(1, pact1, pv1.id, true, 15);
    await deploy(api, pv1.id, 'production', true, 15);
    await deploy(app, cv1.id, 'production', true, 14);
    const pv2 = await q.insertVersion(tx, api, '480e5aeb30467856ca995d0024d2c1800b0719e5', 'main', 14);
    await verify(2, pact1, pv2.id, false, 14);
    await q.insertTag(tx, api, pv2, 'main', 14);

    const pact2 = await content(examplePact2, 7);
    const cv2 = await q.insertVersion(
      tx,
      app,
      '725c6ccb7cf7efc51b4394f9828585eea9c379d9',
      'feat/new-thing',
      7,
    );
    await q.insertTag(tx, app, cv2, 'feat-new-thing', 7);
    await publish(cv2, pact2, 7);
    const cv3 = await q.insertVersion(
      tx,
      app,
      '6c992f831da299364cf31be6008ee4752189f6d4',
      'feat/new-thing',
      6,
    );
    await q.insertTag(tx, app, cv3, 'feat-new-thing', 6);
    await publish(cv3, pact2, 7);

    const cv4 = await q.insertVersion(tx, app, '7bd4d9173522826dc3e8704fd62dde0424f4c827', 'main', 1);
    await q.insertTag(tx, app, cv4, 'main', 1);
    const pact3 = await content(examplePact3, 1);
    await publish(cv4, pact3, 1);
    const pv3 = await q.insertVersion(tx, api, '4fdf20082263d4c5038355a3b734be1c0054d1e1', 'main', 1);
    await verify(1, pact3, pv3.id, true, 1);
    await deploy(api, pv3.id, 'test', true, 1);
    await q.insertTag(tx, api, pv3, 'main', 1);

    const cv5 = await q.insertVersion(tx, app, '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30', 'main', 0.5);
    await q.insertTag(tx, app, cv5, 'main', 0.5);
    await deploy(app, cv5.id, 'test', true, 0.5);
    await publish(cv5, pact3, 0.5);
    return true;
  });
}
