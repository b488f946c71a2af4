#!/usr/bin/env node
// The packed CLI's entry (bin `iu-cutter`), bundled by scripts/build.sh into dist/cli.js: the commands of
// main.js with the extension's operations (src/ops) and the core built in. knex and Directus' packages
// come from the Directus project it runs in (host.js).
import * as ops from '../ops/index.js';
import { runAsProgram } from './main.js';
import { useOps } from './migrate.js';

declare const IU_CUTTER_VERSION: string;

useOps(ops);
runAsProgram(process.argv.slice(2), { version: IU_CUTTER_VERSION });
