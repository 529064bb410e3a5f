import { checkInclusion } from '@accord/schema-diff/toolkit';
import { defaultCatalog } from '../src/default-catalog.js';
import { compiledVersion } from '../src/schema/compiled.js';

const c = defaultCatalog();
const v1 = compiledVersion(c, 'OrderPlaced', 1),
  v2 = compiledVersion(c, 'OrderPlaced', 2);
console.log('exact', v1.projectionIsExact, v2.projectionIsExact);
console.log('v2⊆v1', JSON.stringify(checkInclusion(v2.relaxedSchema, v1.relaxedSchema)));
console.log('v1⊆v2', JSON.stringify(checkInclusion(v1.relaxedSchema, v2.relaxedSchema)));
console.log('v1closed⊆v2', JSON.stringify(checkInclusion(v1.strictSchema, v2.relaxedSchema)).slice(0, 800));
