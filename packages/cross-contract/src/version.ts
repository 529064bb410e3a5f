// The comparator's identity: stored with every result, so results of older rules are recomputed, not reused.

export const COMPARATOR_NAME = '@accord/cross-contract';
/** Bumped whenever a rule changes what a comparison answers. */
export const COMPARATOR_VERSION = '1';
