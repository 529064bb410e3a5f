// The publish body as the pactflow CLI sends it: every field checked and named, the document loaded and hashed.

import { loadOpenApiDocument } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../http/context.js';
import { Checker } from '../validation/index.js';
import { publishProviderContractBody } from './bodies.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const { text } = loadOpenApiDocument();

async function read(body: unknown) {
  const c = new Checker();
  const input = await publishProviderContractBody(body, c, {} as RequestContext<unknown>, undefined);
  return { input, errors: c.errors };
}

describe('publishProviderContractBody', () => {
  it('reads the CLI body: version, branch, tags, build URL, the document and the self-verification', async () => {
    const { input, errors } = await read({
      pacticipantVersionNumber: '1.0.0',
      branch: 'main',
      tags: ['dev', 'prod'],
      buildUrl: 'http://ci/1',
      contract: {
        content: b64(text),
        contentType: 'application/yaml',
        specification: 'oas',
        selfVerificationResults: {
          success: true,
          content: b64('{"ok":true}'),
          contentType: 'application/json',
          verifier: 'vitest',
        },
      },
    });
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      versionNumber: '1.0.0',
      branch: 'main',
      tags: ['dev', 'prod'],
      buildUrl: 'http://ci/1',
      contract: {
        text,
        contentType: 'application/yaml',
        specification: 'oas',
        sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
      selfVerification: {
        success: true,
        content: '{"ok":true}',
        contentBase64: false,
        verifier: 'vitest',
        format: null,
      },
    });
  });

  it('gives a YAML and a JSON spelling of one document the same SHA, and defaults content type and specification', async () => {
    const yaml = await read({
      pacticipantVersionNumber: '1',
      contract: { content: b64('openapi: 3.1.0\npaths: {}\n') },
    });
    const json = await read({
      pacticipantVersionNumber: '1',
      contract: { content: b64('{"paths":{},"openapi":"3.1.0"}') },
    });
    expect(yaml.errors).toEqual({});
    expect(yaml.input.contract.sha).toBe(json.input.contract.sha);
    expect(yaml.input.contract.contentType).toBe('application/yaml');
    expect(yaml.input.selfVerification).toBeUndefined();
  });

  it('names every bad field', async () => {
    const { errors } = await read({
      tags: [''],
      contract: {
        content: 'not base64!',
        contentType: 'text/plain',
        specification: 'asyncapi',
        selfVerificationResults: { content: 7 },
      },
    });
    expect(errors).toEqual({
      pacticipantVersionNumber: ['is missing'],
      'tags[0]': ['cannot be blank'],
      'contract.specification': ["'asyncapi' is not supported; only 'oas' (OpenAPI) provider contracts are"],
      'contract.contentType': [
        'must be one of application/yaml, application/yml, application/x-yaml, text/yaml, application/json',
      ],
      'contract.selfVerificationResults.success': ['is missing'],
      'contract.selfVerificationResults.content': ['is not valid base64'],
      'contract.content': ['is not valid base64'],
    });
    expect((await read({ pacticipantVersionNumber: '1' })).errors).toEqual({ contract: ['is missing'] });
    expect(
      (await read({ pacticipantVersionNumber: '1', contract: { content: b64(Buffer.from([0xff, 0xfe])) } }))
        .errors,
    ).toEqual({
      'contract.content': ['is not valid UTF-8'],
    });
  });

  it('reports why a document cannot be compared, and keeps a binary report as base64', async () => {
    const { errors } = await read({
      pacticipantVersionNumber: '1',
      contract: {
        content: b64('swagger: "1.2"\n'),
        selfVerificationResults: { success: false, content: b64(Buffer.from([0xff])) },
      },
    });
    expect(errors).toEqual({
      'contract.content': ['Swagger 1.2 is not supported; publish Swagger 2.0 or OpenAPI 3.0/3.1'],
    });
    const binary = await read({
      pacticipantVersionNumber: '1',
      contract: {
        content: b64(text),
        selfVerificationResults: { success: false, content: b64(Buffer.from([0xff])) },
      },
    });
    expect(binary.input.selfVerification).toMatchObject({
      success: false,
      content: '/w==',
      contentBase64: true,
    });
  });
});
