// This package's version: the X-Pact-Broker-Version header and the default webhook User-Agent.

import { readFileSync } from 'node:fs';

export const brokerVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
