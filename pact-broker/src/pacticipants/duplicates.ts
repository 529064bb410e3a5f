// Potential duplicate pacticipant names (check_for_potential_duplicate_pacticipant_names): "FooService",
// "foo-api" and "Foos" are the same words as "Foo" once case, separators, plurals and role words are dropped.

const ROLE_WORDS = new Set(['api', 'provider', 'service']);

/** The words a name is compared by, after the official broker's rule. */
export function nameWords(name: string): string[] {
  return name
    .replace(/\s/g, '_')
    .replace(/::/g, '/')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase()
    .split('_')
    .map((w) => (w.endsWith('s') ? w.slice(0, -1) : w))
    .filter((w) => !ROLE_WORDS.has(w));
}

/** Existing names `name` would duplicate; none when `name` itself exists. */
export function potentialDuplicates(name: string, existing: string[]): string[] {
  if (existing.includes(name)) return [];
  const words = JSON.stringify(nameWords(name));
  return existing.filter((e) => JSON.stringify(nameWords(e)) === words);
}

/** The official message for a new name that looks like existing ones. */
export function duplicateMessage(name: string, duplicates: string[], baseUrl: string): string {
  return `This is the first time a pact has been published for "${name}".
The name "${name}" is very similar to the following existing pacticipants:
${duplicates.map((d) => `* ${d}`).join('\n')}
If you meant to specify one of the above names, please correct the pact configuration, and re-publish the pact.
If the pact is intended to be for a new consumer or provider, please manually create "${name}" using the following command from the Pact Broker CLI, and then re-publish the pact:

pact-broker create-or-update-pacticipant --name "${name}" --broker-base-url ${baseUrl}

For information on the Pact Broker CLI see https://docs.pact.io/go/pbc-cli
To disable this check, set \`check_for_potential_duplicate_pacticipant_names\` to false in the configuration.
`;
}

/** potentialDuplicates against one list for many names: each existing name's words are computed once. */
export function duplicateFinder(existing: string[]): (name: string) => string[] {
  const known = new Set(existing);
  const byWords = new Map<string, string[]>();
  for (const e of existing) {
    const key = JSON.stringify(nameWords(e));
    const list = byWords.get(key);
    if (list) list.push(e);
    else byWords.set(key, [e]);
  }
  return (name) => (known.has(name) ? [] : (byWords.get(JSON.stringify(nameWords(name))) ?? []));
}
