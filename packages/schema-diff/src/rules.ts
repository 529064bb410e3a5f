// The rule catalogue: every change the engine reports, with its stable id and its usual verdict per direction.
// "narrows" = NEW accepts less (breaks backward), "widens" = NEW accepts more (breaks forward).

export interface RuleInfo {
  summary: string;
  /** Verdict wording for the README / `accord diff --rules`: when does it break backward (new readers, old data)? */
  backward: string;
  /** When does it break forward (old readers, new data)? */
  forward: string;
}

const narrows = (summary: string): RuleInfo => ({ summary, backward: 'breaks', forward: 'ok' });
const widens = (summary: string): RuleInfo => ({ summary, backward: 'ok', forward: 'breaks' });
const both = (summary: string): RuleInfo => ({ summary, backward: 'breaks', forward: 'breaks' });
const info = (summary: string): RuleInfo => ({ summary, backward: 'ok', forward: 'ok' });

type BoundRules<I extends string> = Record<
  `${I}-${'added' | 'removed' | 'increased' | 'decreased'}`,
  RuleInfo
>;

function bound<I extends string>(id: I, label: string, kind: 'max' | 'min'): BoundRules<I> {
  const tighter = kind === 'max' ? 'decreased' : 'increased';
  const looser = kind === 'max' ? 'increased' : 'decreased';
  return {
    [`${id}-added`]: narrows(`${label} added`),
    [`${id}-removed`]: widens(`${label} removed`),
    [`${id}-${tighter}`]: narrows(`${label} ${tighter}`),
    [`${id}-${looser}`]: widens(`${label} ${looser}`),
  } as BoundRules<I>;
}

export const rules = {
  'type-narrowed': narrows('fewer JSON types accepted'),
  'type-widened': widens('more JSON types accepted'),
  'type-changed': both('accepted JSON types changed (neither contains the other)'),
  'nullable-added': widens('null became allowed'),
  'nullable-removed': narrows('null no longer allowed'),
  'schema-closed': narrows('subschema became `false` (accepts nothing)'),
  'schema-opened': widens('subschema was `false` and now accepts values'),
  'enum-added': narrows('enum restriction added'),
  'enum-removed': widens('enum restriction removed'),
  'enum-value-added': widens('enum value added'),
  'enum-value-removed': narrows('enum value removed'),
  'const-added': narrows('const added'),
  'const-removed': widens('const removed'),
  'const-changed': both('const value changed'),
  ...bound('max-length', 'maxLength', 'max'),
  ...bound('min-length', 'minLength', 'min'),
  ...bound('maximum', 'maximum', 'max'),
  ...bound('minimum', 'minimum', 'min'),
  ...bound('exclusive-maximum', 'exclusiveMaximum', 'max'),
  ...bound('exclusive-minimum', 'exclusiveMinimum', 'min'),
  ...bound('max-items', 'maxItems', 'max'),
  ...bound('min-items', 'minItems', 'min'),
  ...bound('max-properties', 'maxProperties', 'max'),
  ...bound('min-properties', 'minProperties', 'min'),
  ...bound('max-contains', 'maxContains', 'max'),
  ...bound('min-contains', 'minContains', 'min'),
  'multiple-of-added': narrows('multipleOf added'),
  'multiple-of-removed': widens('multipleOf removed'),
  'multiple-of-changed': {
    summary: 'multipleOf changed',
    backward: 'breaks unless the old divisor is a multiple of the new one',
    forward: 'breaks unless the new divisor is a multiple of the old one',
  },
  'pattern-added': narrows('pattern added'),
  'pattern-removed': widens('pattern removed'),
  'pattern-changed': both('pattern changed (regex inclusion is undecidable: treated as breaking)'),
  'format-added': narrows('format added'),
  'format-removed': widens('format removed'),
  'format-changed': both('format changed'),
  'unique-items-added': narrows('uniqueItems became true'),
  'unique-items-removed': widens('uniqueItems no longer true'),
  'property-added': {
    summary: 'optional property added',
    backward:
      'ok when OLD is closed for writers; breaks when OLD is open (old data may carry the name with any value)',
    forward:
      'ok for tolerant readers; with --strict-readers breaks when OLD is closed; checked against OLD catch-all schemas',
  },
  'required-property-added': {
    summary: 'new property that is required',
    backward: 'breaks (old data does not carry it)',
    forward: 'same as property-added',
  },
  'property-removed': {
    summary: 'optional property removed',
    backward:
      'ok for tolerant readers; with --strict-readers breaks when NEW is closed; checked against NEW catch-alls',
    forward:
      'ok when NEW is closed for writers; breaks when NEW is open (new data may carry the name with any value)',
  },
  'required-property-removed': {
    summary: 'required property removed',
    backward: 'same as property-removed',
    forward: 'breaks (old readers require it)',
  },
  'required-added': narrows('existing property became required'),
  'required-removed': widens('property became optional'),
  'additional-properties-closed': {
    summary: 'additionalProperties/unevaluatedProperties became false',
    backward: 'ok for tolerant readers; breaks with --strict-readers',
    forward: 'ok',
  },
  'additional-properties-opened': {
    summary: 'additionalProperties/unevaluatedProperties no longer false',
    backward: 'ok',
    forward: 'ok for tolerant readers; breaks with --strict-readers',
  },
  'additional-properties-narrowed': {
    summary: 'catch-all became a schema (from open) or false (from a schema)',
    backward: 'breaks unless old catch-all values fit the new catch-all',
    forward: 'ok',
  },
  'additional-properties-widened': {
    summary: 'catch-all became open (from a schema) or a schema (from false)',
    backward: 'ok',
    forward: 'breaks unless new catch-all values fit the old catch-all',
  },
  'pattern-property-added': {
    summary: 'patternProperties entry added',
    backward: 'checked against what OLD writers may send under that pattern',
    forward: 'checked against OLD catch-alls; overlapping different regexes are undecidable (breaking)',
  },
  'pattern-property-removed': {
    summary: 'patternProperties entry removed',
    backward: 'checked against NEW catch-alls; overlapping different regexes are undecidable (breaking)',
    forward: 'checked against what NEW writers may send under that pattern',
  },
  'prefix-item-added': info('tuple position added (the position itself is compared like any subschema)'),
  'prefix-item-removed': info('tuple position removed (the position itself is compared like any subschema)'),
  'any-of-branch-added': {
    summary: 'anyOf branch added',
    backward: 'ok',
    forward: 'breaks unless every value of the branch fits an OLD branch',
  },
  'any-of-branch-removed': {
    summary: 'anyOf branch removed',
    backward: 'breaks unless every value of the branch fits a NEW branch',
    forward: 'ok',
  },
  'one-of-branch-added': {
    summary: 'oneOf branch added',
    backward: 'ok when the branch is provably disjoint from the others (else see one-of-ambiguous)',
    forward: 'breaks unless every value of the branch fits an OLD branch',
  },
  'one-of-branch-removed': {
    summary: 'oneOf branch removed',
    backward: 'breaks unless every value of the branch fits a NEW branch',
    forward: 'ok when provably disjoint (else see one-of-ambiguous)',
  },
  'one-of-ambiguous': both(
    'a changed oneOf branch is not provably disjoint from another one: a value could match two branches (undecidable)',
  ),
  'all-of-member-added': {
    summary: 'allOf member added',
    backward: 'breaks unless OLD already satisfies it',
    forward: 'ok',
  },
  'all-of-member-removed': {
    summary: 'allOf member removed',
    backward: 'ok',
    forward: 'breaks unless NEW still satisfies it',
  },
  'keyword-added': narrows(
    'an assertion keyword the engine does not model exactly was added (not, if/then/else, …)',
  ),
  'keyword-removed': widens('an assertion keyword the engine does not model exactly was removed'),
  'keyword-changed': both('an assertion keyword the engine does not model exactly changed (undecidable)'),
  'accepted-values-narrowed': narrows(
    'NEW rejects documents OLD accepts, found by the inclusion checker where no more specific rule applies',
  ),
  'accepted-values-widened': widens(
    'NEW accepts documents OLD rejects, found by the inclusion checker where no more specific rule applies',
  ),
  'inclusion-undecidable': both(
    'the inclusion checker could not decide a direction (the keyword is named); treated as breaking',
  ),
  'default-added': info('default added (annotation; readers that fill defaults see a value)'),
  'default-removed': info('default removed (annotation)'),
  'default-changed': info('default changed (annotation; readers that fill defaults see a different value)'),
} satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof rules;
