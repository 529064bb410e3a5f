// compareWithOpenApi: every interaction of a pact judged against a provider contract, in the order PactFlow's
// comparator checks: operation, path parameters, request, response.

import type { Mismatch } from '../mismatch.js';
import { loadOpenApiContract, type OpenApiContract } from '../openapi/contract.js';
import type { ParameterModel } from '../openapi/model.js';
import type { Json } from '../openapi/parse.js';
import { parsePact } from '../pact/interactions.js';
import { child } from '../pointer.js';
import { COMPARATOR_NAME, COMPARATOR_VERSION } from '../version.js';
import type { HttpInteraction } from './context.js';
import { findOperation, pathParameterValue } from './operation.js';
import { Reporter } from './report.js';
import { checkRequest } from './request.js';
import { checkResponse } from './response.js';

export interface ComparisonResult {
  /** No mismatch of type "error". */
  success: boolean;
  comparator: typeof COMPARATOR_NAME;
  comparatorVersion: string;
  /** HTTP interactions judged (messages and malformed interactions are errors, not compared). */
  interactionsCompared: number;
  errors: Mismatch[];
  warnings: Mismatch[];
}

function compareHttp(contract: OpenApiContract, pact: unknown, interaction: HttpInteraction): Mismatch[] {
  const reporter = new Reporter(pact, contract.document, interaction.ref);
  const { request } = interaction;
  const validateParameter = (parameter: ParameterModel, value: string) => {
    if (parameter.schema === undefined) return undefined;
    const arrayish = contract.validators.parameter.typesAt(parameter.schema).includes('array');
    const { violations } = contract.validators.parameter.validate(
      parameter.schema,
      pathParameterValue(parameter, value, arrayish),
    );
    return violations[0];
  };
  const lookup = findOperation(contract, request.method, request.path, validateParameter);
  const undefinedPath = `Path or method not defined in spec file: ${request.method} ${request.path}`;
  const pathPointer = child(interaction.pointer, 'request', 'path');
  switch (lookup.kind) {
    case 'none':
      reporter.report('request.path-or-method.unknown', undefinedPath, pathPointer, { pointer: '/paths' });
      return reporter.mismatches;
    case 'method':
      reporter.report(
        'request.path-or-method.unknown',
        `${undefinedPath}; the spec defines ${lookup.methods.join(', ')} for ${lookup.path}`,
        child(interaction.pointer, 'request', 'method'),
        { pointer: child('/paths', lookup.path) },
      );
      return reporter.mismatches;
    case 'parameter':
      reporter.report(
        'request.path-or-method.unknown',
        `${undefinedPath}; path parameter '${lookup.parameter.name}' ${lookup.violation.message}`,
        pathPointer,
        {
          pointer: lookup.violation.contractPointer || lookup.parameter.pointer,
          keyword: lookup.violation.keyword,
        },
      );
      return reporter.mismatches;
    case 'matched': {
      const { operation, basePath } = lookup.match;
      reporter.operation = {
        method: operation.method,
        path: operation.path,
        pointer: operation.pointer,
        basePath,
      };
      const ctx = { contract, interaction, match: lookup.match, reporter };
      checkRequest(ctx);
      checkResponse(ctx);
      return reporter.mismatches;
    }
  }
}

const isContract = (value: unknown): value is OpenApiContract =>
  value !== null && typeof value === 'object' && 'validators' in value && 'model' in value;

/**
 * Judges every interaction of `pact` (a parsed pact, v1-v4) against `contract` (a loaded contract, or the
 * document's text / parsed object, loaded here). Throws CrossContractError for an unusable document or pact;
 * every other problem is a mismatch.
 */
export function compareWithOpenApi(
  pact: unknown,
  contract: OpenApiContract | string | Json,
): ComparisonResult {
  const loaded = isContract(contract) ? contract : loadOpenApiContract(contract);
  const parsed = parsePact(pact);
  const mismatches: Mismatch[] = [];
  let compared = 0;
  for (const interaction of parsed.interactions) {
    if (interaction.kind === 'http') {
      compared++;
      mismatches.push(...compareHttp(loaded, pact, interaction));
      continue;
    }
    const reporter = new Reporter(pact, loaded.document, interaction.ref);
    if (interaction.kind === 'message') {
      reporter.report(
        'message.spec.missing',
        `Interaction '${interaction.ref.description}' is a message (${interaction.type}); an OpenAPI provider contract cannot verify it — verify this pact with a pact verification instead`,
        interaction.pointer,
        { pointer: '/' },
      );
    } else {
      reporter.report(
        'interaction.malformed',
        `Interaction is not a valid HTTP interaction: ${interaction.problem}`,
        interaction.pointer,
        { pointer: '/' },
      );
    }
    mismatches.push(...reporter.mismatches);
  }
  const errors = mismatches.filter((m) => m.type === 'error');
  return {
    success: errors.length === 0,
    comparator: COMPARATOR_NAME,
    comparatorVersion: COMPARATOR_VERSION,
    interactionsCompared: compared,
    errors,
    warnings: mismatches.filter((m) => m.type === 'warning'),
  };
}
