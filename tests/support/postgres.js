// The harness lives in scripts/lib/postgres.js (npm start uses it too: scripts/ never imports tests/); the tests import it from here.
export * from '../../scripts/lib/postgres.js';
