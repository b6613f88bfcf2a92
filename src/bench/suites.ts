// Every benchmark suite `npm run bench` runs, in order. A suite lives in src/bench/<name>.ts.
import type { BenchSuite } from './suite.js';
import { allocatorSuite } from './allocator.js';
import { scimSuite } from './scim.js';
import { appsSuite } from './apps.js';
import { floorSuite } from './floor.js';
import { scaleSuite } from './scale.js';
import { stormSuite } from './storm.js';

export const SUITES: BenchSuite[] = [allocatorSuite, scimSuite, appsSuite, floorSuite, scaleSuite, stormSuite];
