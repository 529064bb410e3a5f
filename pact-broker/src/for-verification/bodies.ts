// Request body of the pacts-for-verification POST.

import { objectBody } from '../http/context.js';
import { readVerificationQuery } from './selectors.js';

/** Consumer version selectors, provider version branch and tags, pending and WIP options. */
export const verificationQueryBody = objectBody((body, c) => readVerificationQuery(body, c));
