// Removes last run's pact files: PactV4 merges into an existing file, so deleted interactions would otherwise linger.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  rmSync(fileURLToPath(new URL('../pacts', import.meta.url)), { recursive: true, force: true });
}
