// The harness lives in scripts/lib/redis.js (npm start uses it too: scripts/ never imports tests/); the tests import it from here.
export * from '../../scripts/lib/redis.js';
