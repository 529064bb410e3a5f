// The body of `pactflow publish-provider-contract`: the provider version (branch, tags, build URL), the
// document (base64, YAML or JSON) and, when the CLI sends one, the provider's self-verification result.

import { isCrossContractError, loadOpenApiContract, type OpenApiContract } from '@accord/cross-contract';
import { objectBody } from '../http/context.js';
import type { Checker } from '../validation/index.js';
import { documentSha } from './compare.js';

/** Media types a document may be sent as (parameters ignored); YAML 1.2 reads JSON too. */
const CONTRACT_CONTENT_TYPES = [
  'application/yaml',
  'application/yml',
  'application/x-yaml',
  'text/yaml',
  'application/json',
];

export interface SelfVerificationInput {
  success: boolean;
  /** The report's text, or its base64 when it is not UTF-8. */
  content: string | null;
  contentBase64: boolean;
  contentType: string | null;
  format: string | null;
  verifier: string | null;
  verifierVersion: string | null;
}

export interface PublishProviderContractInput {
  versionNumber: string;
  branch: string | undefined;
  tags: string[];
  buildUrl: string | null | undefined;
  contract: {
    text: string;
    contentType: string;
    specification: 'oas';
    sha: string;
    loaded: OpenApiContract;
  };
  selfVerification: SelfVerificationInput | undefined;
}

/** Strict base64 (padding optional) decoded; undefined when it is not base64. */
function decodeBase64(value: string): Buffer | undefined {
  const compact = value.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const buf = Buffer.from(compact, 'base64');
  if (buf.toString('base64').replace(/=+$/, '') !== compact.replace(/=+$/, '')) return undefined;
  return buf;
}

function utf8(buf: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
}

function selfVerificationOf(raw: unknown, c: Checker): SelfVerificationInput | undefined {
  if (raw === undefined || raw === null) return undefined;
  const f = (k: string) => `contract.selfVerificationResults.${k}`;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    c.add('contract.selfVerificationResults', 'must be an object');
    return undefined;
  }
  const v = raw as Record<string, unknown>;
  const success = c.boolean(f('success'), v.success, true);
  let content: string | null = null;
  let contentBase64 = false;
  if (v.content !== undefined && v.content !== null) {
    const buf = typeof v.content === 'string' ? decodeBase64(v.content) : undefined;
    if (!buf) c.add(f('content'), 'is not valid base64');
    else {
      const text = utf8(buf);
      if (text?.includes('\u0000')) c.add(f('content'), 'cannot contain NUL characters');
      content = text ?? buf.toString('base64');
      contentBase64 = text === undefined;
    }
  }
  const text = (k: string) => c.optionalString(f(k), v[k], 255) ?? null;
  return {
    success: success ?? false,
    content,
    contentBase64,
    contentType: text('contentType'),
    format: text('format'),
    verifier: text('verifier'),
    verifierVersion: text('verifierVersion'),
  };
}

export const publishProviderContractBody = objectBody((body, c): PublishProviderContractInput => {
  const versionNumber = c.name('pacticipantVersionNumber', body.pacticipantVersionNumber);
  const branch = c.name('branch', body.branch, { required: false });
  const tags = c.stringList('tags', body.tags) ?? [];
  const buildUrl = c.optionalString('buildUrl', body.buildUrl);
  const raw = body.contract;
  let contract: PublishProviderContractInput['contract'] | undefined;
  let selfVerification: SelfVerificationInput | undefined;
  if (raw === undefined || raw === null) c.add('contract', 'is missing');
  else if (typeof raw !== 'object' || Array.isArray(raw)) c.add('contract', 'must be an object');
  else {
    const item = raw as Record<string, unknown>;
    const specification = item.specification ?? 'oas';
    if (typeof specification !== 'string' || specification.toLowerCase() !== 'oas') {
      c.add(
        'contract.specification',
        `'${String(specification)}' is not supported; only 'oas' (OpenAPI) provider contracts are`,
      );
    }
    const contentType = item.contentType ?? 'application/yaml';
    const essence = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
    if (!CONTRACT_CONTENT_TYPES.includes(essence)) {
      c.add('contract.contentType', `must be one of ${CONTRACT_CONTENT_TYPES.join(', ')}`);
    }
    selfVerification = selfVerificationOf(item.selfVerificationResults, c);
    let text: string | undefined;
    if (typeof item.content !== 'string' || item.content === '') {
      c.add('contract.content', 'is missing (the base64 encoded document)');
    } else {
      const buf = decodeBase64(item.content);
      if (!buf) c.add('contract.content', 'is not valid base64');
      else {
        text = utf8(buf);
        if (text === undefined) c.add('contract.content', 'is not valid UTF-8');
        else if (text.includes('\u0000')) c.add('contract.content', 'cannot contain NUL characters');
      }
    }
    // The document is parsed, checked and compiled here, before any transaction opens.
    if (text !== undefined && c.ok) {
      try {
        const loaded = loadOpenApiContract(text);
        contract = {
          text,
          contentType: essence,
          specification: 'oas',
          sha: documentSha(loaded.document),
          loaded,
        };
      } catch (error) {
        if (!isCrossContractError(error)) throw error;
        c.add('contract.content', error.message);
      }
    }
  }
  return {
    versionNumber: versionNumber!,
    branch,
    tags,
    buildUrl,
    contract: contract!,
    selfVerification,
  };
});
