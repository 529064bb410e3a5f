// Identifier checks and quoting for the few names (schema, ledger table) that are set in config, not by requests.

/** A lower-case SQL identifier: what a schema or ledger table name from config may be. */
export function validSchema(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

/** Config names are checked by validSchema first; quoting still keeps reserved words valid SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
