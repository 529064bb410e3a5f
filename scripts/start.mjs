// `npm start`: the whole contract pipeline on the embedded broker (see packages/pipeline/README.md).
// Runs after `turbo run build`; flags are passed through, e.g. `npm start -- --exit`.
import { main } from '@accord/pipeline';

const code = await main(['start', ...process.argv.slice(2)]);
process.exit(code);
