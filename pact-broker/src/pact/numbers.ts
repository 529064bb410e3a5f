// Numbers in pact content as the consumer wrote them. JSON.parse reads 12345678901234567890 as
// 12345678901234567000 and 1.0 as 1; the official broker keeps both (Ruby's JSON does), and a verifier that
// compares the broker's copy with the provider's answer must see what the consumer published. A number that
// JavaScript would print differently travels through the broker as a marked string. The mark holds a nonce of
// this process, so no published string can pass for one, and it never leaves the process: canonical() (the
// content SHA, interaction ids) and stringifyKeepingNumbers() print the number's own text.

import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(12).toString('hex');
/** The start of a marked number's string (a NUL first, which stored pact text never holds). */
const MARK = `\u0000${NONCE}:`;
/** A marked number as JSON.stringify prints it, the number's text captured. */
const PRINTED_MARK = new RegExp(`"\\\\u0000${NONCE}:([-+.0-9eE]+)"`, 'g');
// String and number tokens of JSON text that was parsed before (so a number token is a valid number).
const STRING = /"(?:[^"\\]|\\.)*"/g;
const NUMBER = /-?[0-9][-+.0-9eE]*/g;
const TOKEN = new RegExp(`${STRING.source}|${NUMBER.source}`, 'g');

const printsAsWritten = (token: string) => token.charCodeAt(0) === 34 || String(Number(token)) === token;

function hasChangedNumber(text: string): boolean {
  // With the strings emptied (a native replace), the tokens left to look at are the numbers.
  const bare = text.replace(STRING, '""');
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(bare); m !== null; m = NUMBER.exec(bare)) if (!printsAsWritten(m[0])) return true;
  return false;
}

/**
 * Valid JSON text parsed, keeping the text of each number JavaScript would print differently. `parsed` is the
 * text's JSON.parse when the caller has it: the common document, whose numbers all print as written, is not
 * parsed again.
 */
export function parseKeepingNumbers(text: string, parsed?: unknown): unknown {
  if (!hasChangedNumber(text)) return parsed === undefined ? JSON.parse(text) : parsed;
  return JSON.parse(
    text.replace(TOKEN, (token) => (printsAsWritten(token) ? token : `"\\u0000${NONCE}:${token}"`)),
  );
}

/** The text of a marked number, or undefined for any other string. */
export function markedNumberText(value: string): string | undefined {
  return value.startsWith(MARK) ? value.slice(MARK.length) : undefined;
}

/** JSON.stringify (with its `indent`) that prints marked numbers as the numbers they stand for. */
export function stringifyKeepingNumbers(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  return text.includes(NONCE) ? text.replace(PRINTED_MARK, '$1') : text;
}

/** A scalar as text, a marked number as the number it stands for (what String() shows of a parsed value). */
export function scalarText(value: unknown): string {
  return typeof value === 'string' ? (markedNumberText(value) ?? value) : String(value);
}
