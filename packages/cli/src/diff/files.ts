// Reading schema files with errors that name the file and the problem.
import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';

export function readJsonFile(file: string, label = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError('BAD_INPUT', `cannot read ${label}: ${why}`);
  }
  return parseJson(text, label);
}

export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError('BAD_INPUT', `${label} is not valid JSON: ${(e as Error).message}`);
  }
}
