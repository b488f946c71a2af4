// `iu-cutter <command>`: the operator's commands, run from the Directus project folder. The packed CLI
// (dist/cli.js, bin `iu-cutter`) and the repository's npm scripts (scripts/*.js) both call `run`.
import { auditCommand, AUDIT_HELP } from './audit.js';
import { backupCommand, BACKUP_HELP } from './backup.js';
import { UsageError } from './database.js';
import { hostImport, HostModuleMissing } from './host.js';
import { ledgerKeyCommand, LEDGER_KEY_HELP } from './ledger-key.js';
import { migrateCommand, MIGRATE_HELP } from './migrate.js';
import { policyCommand, POLICY_HELP } from './policy.js';
import { rolesCommand, ROLES_HELP } from './roles.js';
import { witnessCommand, WITNESS_HELP } from './witness.js';
import { adoptIuSettings } from '../shared/settings.js';

export const HELP = `iu-cutter: install and operate the iu-cutter extension in a Directus 12 project.
Run it from the project folder: it reads the database settings as Directus does (DB_* variables, ./.env).

  iu-cutter ledger:key --out <dir>   make the ledger's signing key pair (then set IU_LEDGER_KEY_FILE)
  iu-cutter migrate [--status | --dry-run | --down <version> | --open-position-upgrades]
                                     apply iu-cutter's migrations, gated and checksummed
  iu-cutter roles [--url <url>] [--token <token>] [--agents]
                                     make iu-cutter's policies and roles in the running Directus
  iu-cutter backup [--out <dir> | --verify <dump>]
                                     back up the database and prove the backup restores
  iu-cutter policy <show | sign | propose> [--key <file>] [--url <url>] [--token <token>]
                                     the trust policy, as a custodian with an offline key
  iu-cutter witness --key <file> --name <name> --log <vkey>
                                     run a witness of a store's transparency log (on another machine)
  iu-cutter audit --proof <file> --policy <file>
                                     check an offline proof of the log, with no database and no network
  iu-cutter <command> --help         a command's options
  iu-cutter --version

Every command takes --db sqlite:<file> | --db postgres://user:password@host:port/database instead of the
DB_* settings. Exit codes: 0 done, 1 a check or gate refused (its report says which and why), 2 bad usage.`;

/**
 * What a command is given beside its arguments: the packed CLI's version and name, the repository's defaults
 * (scripts/lib/repo.js: the migrations' folder, authoring, the backups' folder, a database).
 * @typedef {{ version?: string, program?: string, dir?: string, authoring?: boolean, backupDir?: string, db?: import('./database.js').Database }} CommandContext
 */
/** @typedef {{ help: string, run: (argv: string[], ctx: CommandContext) => number | Promise<number> }} Command */

/** @type {Record<string, Command>} */
const COMMANDS = {
	migrate: { help: MIGRATE_HELP, run: (argv, ctx) => migrateCommand(argv, ctx) },
	'ledger:key': { help: LEDGER_KEY_HELP, run: (argv, ctx) => ledgerKeyCommand(argv, ctx) },
	backup: { help: BACKUP_HELP, run: (argv, ctx) => backupCommand(argv, ctx) },
	roles: { help: ROLES_HELP, run: async (argv) => rolesCommand(argv, { env: await directusEnv() }) },
	policy: { help: POLICY_HELP, run: async (argv) => policyCommand(argv, { env: await directusEnv() }) },
	witness: { help: WITNESS_HELP, run: (argv) => witnessCommand(argv) },
	audit: { help: AUDIT_HELP, run: (argv) => auditCommand(argv) },
};

/**
 * Directus' settings (process variables and the project's config file), else the process variables alone.
 * @returns {Promise<Record<string, unknown>>}
 */
async function directusEnv() {
	try {
		return /** @type {{ useEnv(): Record<string, unknown> }} */ (await hostImport('@directus/env')).useEnv();
	} catch (e) {
		if (e instanceof HostModuleMissing) return process.env;
		throw e;
	}
}

/**
 * Runs `argv` (`['migrate', '--status']`) and returns the exit code; prints usage errors, not stacks.
 * `ctx`: the repository's defaults (scripts/lib/repo.js); the packed CLI passes its version.
 * @param {string[]} argv
 * @param {CommandContext} [ctx]
 * @returns {Promise<number>}
 */
export async function run(argv, ctx = {}) {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		console.log(HELP);
		return name === undefined ? 2 : 0;
	}
	if (name === '--version' || name === '-v') {
		console.log(ctx.version ?? 'unknown');
		return 0;
	}
	const command = COMMANDS[name];
	if (!command) {
		console.error(`iu-cutter: unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')} (iu-cutter --help)`);
		return 2;
	}
	if (rest.includes('--help') || rest.includes('-h')) {
		console.log(command.help);
		return 0;
	}
	try {
		// IU_LEDGER_KEY_FILE and the other IU_* lines of the project's .env apply to the CLI too (shared/settings.js).
		adoptIuSettings(await directusEnv());
		return await command.run(rest, ctx);
	} catch (e) {
		if (e instanceof UsageError || e instanceof HostModuleMissing) {
			console.error(`iu-cutter ${name}: ${e.message}`);
			return 2;
		}
		throw e;
	}
}

/**
 * For a file run as a program: exit with `run`'s code; an unexpected failure prints its stack and exits 2.
 * @param {string[]} argv
 * @param {CommandContext} [ctx]
 */
export function runAsProgram(argv, ctx) {
	run(argv, ctx).then(
		(code) => process.exit(code),
		(e) => {
			console.error(e?.stack ?? e);
			process.exit(2);
		},
	);
}
