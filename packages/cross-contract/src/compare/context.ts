// What every check of one interaction needs: the contract, the interaction, its operation and the reporter.
import type { OpenApiContract } from '../openapi/contract.js';
import type { ParameterModel } from '../openapi/model.js';
import type { SchemaViolation } from '../openapi/validator.js';
import type { PactInteraction } from '../pact/interactions.js';
import type { OperationMatch } from './operation.js';
import type { Reporter } from './report.js';

export type HttpInteraction = Extract<PactInteraction, { kind: 'http' }>;

export interface CheckContext {
  contract: OpenApiContract;
  interaction: HttpInteraction;
  match: OperationMatch;
  reporter: Reporter;
}

/** Splits a delimited parameter value for array schemas; scalars stay the first value. */
export function parameterValue(
  contract: OpenApiContract,
  parameter: ParameterModel,
  values: readonly string[],
): unknown {
  const types = parameter.schema === undefined ? [] : contract.validators.parameter.typesAt(parameter.schema);
  if (!types.includes('array')) return values[0];
  if (values.length > 1) return [...values];
  const delimiter =
    parameter.style === 'spaceDelimited' ? ' ' : parameter.style === 'pipeDelimited' ? '|' : ',';
  return values[0]!.split(delimiter);
}

/** Validates a parameter or header value (strings, coerced to the schema's types). */
export function validateValue(contract: OpenApiContract, schema: string, value: unknown): SchemaViolation[] {
  return contract.validators.parameter.validate(schema, value).violations;
}

export function isObjectSchema(contract: OpenApiContract, schema: string | undefined): boolean {
  if (schema === undefined) return false;
  const types = contract.validators.parameter.typesAt(schema);
  return types.includes('object');
}
