// Bundling: a schema whose `$ref`s reach other documents (files beside it, the standard meta-schemas) becomes one
// compound document, each referenced document embedded as a resource of its own, so the checker, the validators
// and the tolerant reader, which resolve references inside a document only, read it whole.

import { SchemaDiffError } from '../errors.js';
import {
  DEFAULT_DIALECT,
  DIALECTS,
  type Dialect,
  detectDialect,
  metaSchemaDocuments,
  vocabularyOf,
} from './dialect.js';
import { escapePointer, forEachSubschema, isSchemaObject, type SchemaObject } from './walk.js';

export interface BundleOptions {
  /**
   * Absolute URI of the document (for a file, its `file:` URL): relative references resolve against it, or
   * against the document's own `$id` where it has one.
   */
  base: string;
  /**
   * The parsed document at an absolute URI (no fragment), or undefined when there is none. Consulted for every
   * document a reference reaches outside this one, except the standard meta-schemas, which are built in.
   */
  load?: (uri: string) => unknown;
  /** Dialect of a document without `$schema`. Default draft-07. */
  defaultDialect?: Dialect;
  /** The document's name in error messages. */
  name?: string;
}

export interface Bundle {
  /** The document with every referenced document embedded (the input itself when it references none). */
  schema: unknown;
  /** The absolute URIs of the embedded documents, in the order they were reached. */
  embedded: string[];
}

/** Prefix of an embedded document's `$id`: a name no real reference uses, so no two resources collide. */
const EMBEDDED_ID = 'urn:accord:bundled:';

/** The meta-schemas of every dialect, by URI without fragment. */
const META_SCHEMAS = new Map(DIALECTS.flatMap((d) => [...metaSchemaDocuments(d)]));

/** `uri` resolved against `base`, without its fragment; undefined when it is no URI reference. */
function resourceOf(uri: string, base: string): { resource: string; fragment: string } | undefined {
  try {
    const u = new URL(uri, base);
    const fragment = u.hash;
    u.hash = '';
    return { resource: u.href.replace(/#$/, ''), fragment };
  } catch {
    return undefined;
  }
}

/** The embedded document's key in the container: its path from the root's folder for files, else its URI. */
function labelOf(uri: string, rootBase: string): string {
  if (uri.startsWith('file:') && rootBase.startsWith('file:')) {
    const from = new URL('.', rootBase).pathname.split('/').filter(Boolean);
    const to = new URL(uri).pathname.split('/').filter(Boolean);
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
    return [...Array(from.length - common).fill('..'), ...to.slice(common)].join('/');
  }
  return uri;
}

/**
 * Embeds every document the schema's references reach outside it (recursively), under `$defs` (2019-09, 2020-12)
 * or `definitions`, each with an `$id` of its own, and rewrites the references to those ids. References inside the
 * document are left as they are. Throws UNRESOLVABLE_REF for a referenced document `load` does not have, and
 * INVALID_SCHEMA for one in another dialect (a bundle is read in one) or one that is not a schema.
 */
export function bundleSchema(schema: unknown, options: BundleOptions): Bundle {
  const name = options.name ?? 'schema';
  const dialect = detectDialect(schema, name, options.defaultDialect ?? DEFAULT_DIALECT);
  if (!isSchemaObject(schema)) return { schema, embedded: [] };
  const idKey = dialect === 'draft-04' ? 'id' : '$id';
  const refOverrides = vocabularyOf(dialect).refOverrides;
  const ownId = (s: SchemaObject): string | undefined => {
    const id = s[idKey];
    return typeof id === 'string' && !id.startsWith('#') ? id : undefined;
  };
  const rootId = ownId(schema);
  const rootBase =
    rootId === undefined ? options.base : (resourceOf(rootId, options.base)?.resource ?? options.base);

  // Embedded documents by the URI that reached them (and by their own absolute `$id`), with their bundle id.
  const idOf = new Map<string, string>();
  const documents: Array<{ uri: string; label: string; schema: unknown }> = [];
  const container = refOverrides ? 'definitions' : '$defs';
  const taken = new Set(
    isSchemaObject(schema[container]) ? Object.keys(schema[container] as SchemaObject) : [],
  );

  /** The base URI of the subschemas of `s`, which sits under `base`: its `$id`, resolved, where it has one. */
  const baseIn = (s: SchemaObject, base: string): string => {
    const id = ownId(s);
    // Up to draft-07 a `$ref`'s siblings, `$id` among them, are ignored.
    if (id === undefined || (refOverrides && typeof s.$ref === 'string')) return base;
    return resourceOf(id, base)?.resource ?? base;
  };

  /** The absolute URIs of the resources a document embeds itself (its subschemas' `$id`s). */
  const resourcesIn = (doc: unknown, base: string): Set<string> => {
    const out = new Set<string>();
    const visit = (s: unknown, at: string): void => {
      if (!isSchemaObject(s)) return;
      const here = baseIn(s, at);
      if (here !== at) out.add(here);
      forEachSubschema(s, dialect, (_keyword, _key, sub) => visit(sub, here));
    };
    visit(doc, base);
    return out;
  };
  /** Each document's own embedded resources, by the URI it was read from (the root's by `options.base`). */
  const embeddedIn = new Map<string, Set<string>>([[options.base, resourcesIn(schema, rootBase)]]);

  /**
   * The `$ref` rewritten for the bundle. `from` is the document it sits in (`uri`: where it was read from) and
   * `base` its base URI there, which an `$id` may have moved away from `from.uri`.
   */
  const rewriteRef = (ref: string, base: string, from: { uri: string }, at: string): string => {
    if (ref.startsWith('#')) return ref;
    const target = resourceOf(ref, base);
    if (target === undefined) return ref; // the checker names a reference that is no URI
    const { resource, fragment } = target;
    if (resource === rootBase || resource === options.base) {
      if (from.uri === options.base && base === rootBase) return fragment || '#';
      if (rootId !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(rootId)) return `${rootBase}${fragment}`;
      throw new SchemaDiffError(
        'UNRESOLVABLE_REF',
        `${name}: ${labelOf(from.uri, options.base)} refers back to ${name} ("${ref}" at ${at}), which has no absolute $id to be named by`,
        at,
      );
    }
    if (embeddedIn.get(from.uri)?.has(resource)) return ref;
    if (resource === from.uri || resource === base) {
      // A document naming itself: by its id in the bundle when it is an embedded one.
      const self = idOf.get(from.uri);
      return self === undefined ? ref : `${self}${fragment}`;
    }
    // Files laid out as their `$id`s are: a reference that resolves against an `$id` to nothing loadable is read
    // from beside the file, where it resolves against the file's own location.
    const beside = base === from.uri ? undefined : resourceOf(ref, from.uri);
    return `${embed([resource, ...(beside ? [beside.resource] : [])], ref, from, at)}${fragment}`;
  };

  const loadAt = (uri: string): unknown => {
    const builtIn = META_SCHEMAS.get(uri);
    return builtIn === undefined ? options.load?.(uri) : structuredClone(builtIn);
  };

  const embed = (candidates: string[], ref: string, from: { uri: string }, at: string): string => {
    for (const uri of candidates) {
      const known = idOf.get(uri);
      if (known !== undefined) return known;
    }
    let uri = candidates[0]!;
    let loaded: unknown;
    for (const candidate of candidates) {
      loaded = loadAt(candidate);
      uri = candidate;
      if (loaded !== undefined) break;
    }
    const where = `${at || '(root)'}${from.uri === options.base ? '' : ` of ${labelOf(from.uri, options.base)}`}`;
    if (loaded === undefined) {
      throw new SchemaDiffError(
        'UNRESOLVABLE_REF',
        `${name}: cannot resolve $ref "${ref}" at ${where}: no document at ${candidates.join(' or ')}`,
        at,
      );
    }
    if (typeof loaded !== 'boolean' && !isSchemaObject(loaded)) {
      throw new SchemaDiffError(
        'INVALID_SCHEMA',
        `${name}: ${uri}, referenced at ${where}, is not a schema`,
        at,
      );
    }
    const its = detectDialect(loaded, uri, dialect);
    if (its !== dialect) {
      throw new SchemaDiffError(
        'INVALID_SCHEMA',
        `${name}: ${uri}, referenced at ${where}, is written in ${its} and ${name} in ${dialect}; a bundle is read in one dialect`,
        at,
      );
    }
    let label = labelOf(uri, options.base);
    for (let n = 2; taken.has(label); n++) label = `${labelOf(uri, options.base)}~${n}`;
    taken.add(label);
    // One opaque name: a URI inside it (a meta-schema's, a path with `/`) would read as a base to resolvers.
    const id = `${EMBEDDED_ID}${encodeURIComponent(label)}`;
    for (const candidate of candidates) idOf.set(candidate, id);
    const entry = { uri, label, schema: loaded };
    documents.push(entry);
    if (isSchemaObject(loaded)) {
      const itsId = ownId(loaded);
      const itsBase = itsId === undefined ? uri : (resourceOf(itsId, uri)?.resource ?? uri);
      if (itsBase !== uri) idOf.set(itsBase, id);
      embeddedIn.set(uri, resourcesIn(loaded, itsBase));
      const copy = rewrite(loaded, itsBase, { uri }, '') as SchemaObject;
      delete copy.$schema;
      entry.schema = asResource(copy, id);
    } else {
      // A boolean document: embedded as the schema it means.
      entry.schema = loaded ? { [idKey]: id } : { [idKey]: id, not: {} };
    }
    return id;
  };

  /**
   * The embedded form of a document: its root with the bundle's `$id`. A root `$ref` moves into `allOf`: up to
   * draft-07 it would make the `$id` beside it ignored (and with it the base of the document's own references;
   * what else sat beside it was ignored too, so only its definitions stay), and ajv cannot compile a resource
   * whose root is a `$ref` into itself.
   */
  const asResource = (doc: SchemaObject, id: string): SchemaObject => {
    if (typeof doc.$ref !== 'string') return { ...doc, [idKey]: id };
    const { $ref, ...rest } = doc;
    if (refOverrides) {
      return {
        [idKey]: id,
        ...(rest.definitions === undefined ? {} : { definitions: rest.definitions }),
        allOf: [{ $ref }],
      };
    }
    return { ...rest, [idKey]: id, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), { $ref }] };
  };

  /** A copy of `s` with its references rewritten; `base` is the base URI `s` sits under. */
  const rewrite = (s: unknown, base: string, from: { uri: string }, at: string): unknown => {
    if (!isSchemaObject(s)) return s;
    const here = baseIn(s, base);
    const copy: SchemaObject = { ...s };
    forEachSubschema(s, dialect, (keyword, key, sub) => {
      const pointer = `${at}/${keyword}${key === undefined ? '' : `/${escapePointer(String(key))}`}`;
      const next = rewrite(sub, here, from, pointer);
      if (next === sub) return;
      if (key === undefined) copy[keyword] = next;
      else {
        if (copy[keyword] === s[keyword]) {
          const holder = s[keyword];
          copy[keyword] = Array.isArray(holder) ? [...holder] : { ...(holder as SchemaObject) };
        }
        (copy[keyword] as Record<string | number, unknown>)[key] = next;
      }
    });
    if (typeof s.$ref === 'string') {
      const ref = rewriteRef(s.$ref, refOverrides ? base : here, from, `${at}/$ref`);
      if (ref !== s.$ref) copy.$ref = ref;
    }
    return copy;
  };

  const rewritten = rewrite(schema, rootBase, { uri: options.base }, '') as SchemaObject;
  if (documents.length === 0) return { schema, embedded: [] };
  const holder = isSchemaObject(rewritten[container]) ? { ...(rewritten[container] as SchemaObject) } : {};
  for (const d of documents) holder[d.label] = d.schema;
  rewritten[container] = holder;
  return { schema: rewritten, embedded: documents.map((d) => d.uri) };
}
