// Pact content rules: validation, normalisation for the content SHA, interaction `_id`s, merging and diffing.

import { createHash } from 'node:crypto';
import { markedNumberText, parseKeepingNumbers, stringifyKeepingNumbers } from './numbers.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type PactDoc = { [k: string]: Json };

/**
 * JSON with object keys sorted recursively, so equal content gives equal text whatever the key order. Recursion is
 * safe: every pact reaches it through the request check that refuses nesting deeper than MAX_JSON_DEPTH.
 */
export function canonical(value: unknown): string {
  if (typeof value === 'string') return markedNumberText(value) ?? JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const INTERACTION_LISTS = ['interactions', 'messages'] as const;

function stripId(item: Json): Json {
  if (item && typeof item === 'object' && !Array.isArray(item) && '_id' in item) {
    const { _id, ...rest } = item;
    return rest;
  }
  return item;
}

/**
 * The content that decides verification results: interaction `_id`s removed and interactions in a canonical
 * order (order and whitespace never change what a provider must satisfy).
 */
export function normalise(doc: PactDoc): PactDoc {
  const out: PactDoc = { ...doc };
  for (const key of INTERACTION_LISTS) {
    const list = doc[key];
    if (Array.isArray(list)) {
      out[key] = list
        .map(stripId)
        .map((i) => ({ i, c: canonical(i) }))
        .sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0))
        .map((x) => x.i);
    }
  }
  return out;
}

export function contentSha(doc: PactDoc): string {
  return sha1(canonical(normalise(doc)));
}

/** Gives every interaction a stable `_id` (the verifier reports results per interaction id). */
export function withInteractionIds(doc: PactDoc): PactDoc {
  const out: PactDoc = { ...doc };
  for (const key of INTERACTION_LISTS) {
    const list = doc[key];
    if (Array.isArray(list)) {
      out[key] = list.map((item) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
        const bare = stripId(item) as { [k: string]: Json };
        return { _id: sha1(canonical(bare)), ...bare };
      });
    }
  }
  return out;
}

export interface ContentCheck {
  consumerName?: string;
  providerName?: string;
  errors: string[];
}

/** Checks a parsed pact: an object with consumer.name and provider.name and, if present, array interactions. */
export function checkPact(value: unknown): ContentCheck {
  const errors: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { errors: ['must be a JSON object'] };
  }
  const doc = value as Record<string, unknown>;
  const name = (k: 'consumer' | 'provider') => {
    const v = doc[k] as { name?: unknown } | undefined;
    if (!v || typeof v !== 'object' || typeof v.name !== 'string' || v.name.trim() === '') {
      errors.push(`was not found at expected path $.${k}.name in the submitted pact file.`);
      return undefined;
    }
    return v.name;
  };
  const consumerName = name('consumer');
  const providerName = name('provider');
  for (const key of INTERACTION_LISTS) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) errors.push(`$.${key} must be an array`);
  }
  return {
    ...(consumerName ? { consumerName } : {}),
    ...(providerName ? { providerName } : {}),
    errors,
  };
}

export function countInteractions(doc: PactDoc): { interactions: number; messages: number } {
  const interactions = Array.isArray(doc.interactions) ? doc.interactions : [];
  const messages = Array.isArray(doc.messages) ? doc.messages.length : 0;
  // V4 keeps messages in `interactions` with a type.
  const v4Messages = interactions.filter(
    (i) => i && typeof i === 'object' && !Array.isArray(i) && /message/i.test(String(i.type ?? '')),
  ).length;
  return { interactions: interactions.length - v4Messages, messages: messages + v4Messages };
}

function interactionKey(i: Json): string {
  if (!i || typeof i !== 'object' || Array.isArray(i)) return canonical(i);
  const states = i.providerStates ?? i.providerState ?? null;
  return canonical([i.description ?? null, states, i.type ?? null]);
}

/** Merge for `onConflict: merge` / PATCH: new interactions replace ones with the same description and states. */
export function mergePacts(existing: PactDoc, incoming: PactDoc): PactDoc {
  const out: PactDoc = { ...existing, ...incoming };
  for (const key of INTERACTION_LISTS) {
    const a = Array.isArray(existing[key]) ? (existing[key] as Json[]) : [];
    const b = Array.isArray(incoming[key]) ? (incoming[key] as Json[]) : [];
    if (a.length === 0 && b.length === 0) continue;
    const byKey = new Map<string, Json>();
    for (const i of a) byKey.set(interactionKey(stripId(i)), stripId(i));
    for (const i of b) byKey.set(interactionKey(stripId(i)), stripId(i));
    out[key] = [...byKey.values()];
  }
  return out;
}

/** A line diff of two pacts' pretty-printed normalised JSON (enough to show what changed). */
export function diffPacts(previous: PactDoc, current: PactDoc): string {
  // Numbers as the consumer wrote them: a change of 1.0 to 1 changes the content, so it must show.
  const pretty = (doc: PactDoc) => {
    const text = canonical(normalise(doc));
    return stringifyKeepingNumbers(parseKeepingNumbers(text), 2).split('\n');
  };
  const a = pretty(previous);
  const b = pretty(current);
  // Longest common subsequence on lines; pacts are small enough for the O(n·m) table.
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return `Pacts differ (${n} and ${m} lines; too large to diff)`;
  const t: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (j >= m || t[i + 1]![j]! >= t[i]![j + 1]!)) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out.join('\n');
}
