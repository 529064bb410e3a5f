// Finds the operation of the document an interaction calls: method and path against the `paths` templates,
// with the base paths PactFlow strips (x-opc-config-base-path, Swagger basePath) and the `servers` prefixes.
import type { MatchingConfig, OpenApiContract } from '../openapi/contract.js';
import type { OperationModel, ParameterModel } from '../openapi/model.js';
import type { SchemaViolation } from '../openapi/validator.js';

interface CompiledTemplate {
  operation: OperationModel;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  literalPrefix: number;
  order: number;
}

export interface OperationMatch {
  operation: OperationModel;
  basePath: string;
  /** Decoded path parameter values by name. */
  params: Record<string, string>;
}

export type OperationLookup =
  | { kind: 'matched'; match: OperationMatch }
  /** The path matches a template but the method does not. */
  | { kind: 'method'; path: string; methods: string[] }
  /** A template matches but a path parameter breaks its schema. */
  | { kind: 'parameter'; path: string; parameter: ParameterModel; violation: SchemaViolation; value: string }
  | { kind: 'none' };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function normalisePath(path: string, config: MatchingConfig): string {
  let out = path;
  if (config.ignoreDuplicateSlashes) out = out.replace(/\/{2,}/g, '/');
  if (config.ignoreTrailingSlash && out.length > 1) out = out.replace(/\/+$/, '');
  return out;
}

const compiledCache = new WeakMap<OpenApiContract, CompiledTemplate[]>();

function templatesOf(contract: OpenApiContract): CompiledTemplate[] {
  const cached = compiledCache.get(contract);
  if (cached) return cached;
  const config = contract.config;
  const compiled = contract.model.operations.map((operation, order) => {
    const template = normalisePath(operation.path, config);
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part);
        if (!name) return escapeRegExp(part);
        names.push(name[1]!);
        return '([^/]+)';
      })
      .join('');
    const segments = template.split('/').filter(Boolean);
    return {
      operation,
      pattern: new RegExp(`^${source}$`, config.caseInsensitive ? 'i' : ''),
      names,
      literalSegments: segments.filter((s) => !s.includes('{')).length,
      literalPrefix: template.indexOf('{') === -1 ? template.length : template.indexOf('{'),
      order,
    };
  });
  compiledCache.set(contract, compiled);
  return compiled;
}

/** Prefixes to strip, in the order they are tried. */
function basePathsOf(contract: OpenApiContract, operation: OperationModel): string[] {
  if (contract.config.basePath !== undefined) return [contract.config.basePath];
  const out = [''];
  if (contract.model.basePath) out.push(contract.model.basePath);
  for (const prefix of operation.serverPaths) if (!out.includes(prefix)) out.push(prefix);
  return out;
}

function stripPrefix(path: string, prefix: string, caseInsensitive: boolean): string | undefined {
  if (prefix === '') return path;
  const head = path.slice(0, prefix.length);
  const same = caseInsensitive ? head.toLowerCase() === prefix.toLowerCase() : head === prefix;
  if (!same) return undefined;
  const rest = path.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : undefined;
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Splits a path parameter value as its style serialises arrays (simple: `a,b`; label: `.a.b`; matrix: `;x=a,b`). */
export function pathParameterValue(parameter: ParameterModel, raw: string, arrayish: boolean): unknown {
  let value = raw;
  if (parameter.style === 'label' && value.startsWith('.')) value = value.slice(1);
  if (parameter.style === 'matrix')
    value = value.replace(new RegExp(`^;${escapeRegExp(parameter.name)}=`), '');
  if (!arrayish) return value;
  const separator = parameter.style === 'label' && parameter.explode ? '.' : ',';
  return value.split(separator);
}

/**
 * The operation `method path` calls. Among matching templates the most specific wins (more literal segments,
 * then a longer literal prefix, then document order); path parameters are validated, and a template whose
 * parameters fail gives way to the next.
 */
export function findOperation(
  contract: OpenApiContract,
  method: string,
  rawPath: string,
  validateParameter: (parameter: ParameterModel, value: string) => SchemaViolation | undefined,
): OperationLookup {
  if (rawPath.includes('?')) return { kind: 'none' };
  const path = normalisePath(rawPath, contract.config);
  const lower = method.toLowerCase();
  const candidates: Array<{ template: CompiledTemplate; basePath: string; values: string[] }> = [];
  for (const template of templatesOf(contract)) {
    for (const basePath of basePathsOf(contract, template.operation)) {
      const rest = stripPrefix(path, basePath, contract.config.caseInsensitive);
      if (rest === undefined) continue;
      const match = template.pattern.exec(rest);
      if (!match) continue;
      candidates.push({ template, basePath, values: match.slice(1) });
      break;
    }
  }
  if (candidates.length === 0) return { kind: 'none' };
  candidates.sort(
    (a, b) =>
      b.template.literalSegments - a.template.literalSegments ||
      b.template.literalPrefix - a.template.literalPrefix ||
      a.template.order - b.template.order,
  );
  const withMethod = candidates.filter((c) => c.template.operation.method === lower);
  if (withMethod.length === 0) {
    const best = candidates[0]!.template.operation.path;
    const methods = candidates
      .filter((c) => c.template.operation.path === best)
      .map((c) => c.template.operation.method.toUpperCase());
    return { kind: 'method', path: best, methods };
  }
  let firstFailure: OperationLookup | undefined;
  for (const candidate of withMethod) {
    const params: Record<string, string> = {};
    let failure: OperationLookup | undefined;
    candidate.template.names.forEach((name, i) => {
      if (failure) return;
      const value = decode(candidate.values[i]!);
      params[name] = value;
      const parameter = candidate.template.operation.parameters.find(
        (p) => p.in === 'path' && p.name === name,
      );
      if (!parameter) return;
      const violation = validateParameter(parameter, value);
      if (violation) {
        failure = { kind: 'parameter', path: candidate.template.operation.path, parameter, violation, value };
      }
    });
    if (!failure) {
      return {
        kind: 'matched',
        match: { operation: candidate.template.operation, basePath: candidate.basePath, params },
      };
    }
    firstFailure ??= failure;
  }
  return firstFailure!;
}
