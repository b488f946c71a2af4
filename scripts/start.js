// `npm start`: Directus 12 on SQLite at 127.0.0.1:8055 with iu-cutter loaded
// and the demo document in place. Runs until Ctrl-C.
import { join } from 'node:path';
import { startDirectus, ROOT } from '../tests/support/directus.js';
import { cutDemo } from './demo.js';

const PORT = Number(process.env.PORT ?? 8055);
const ADMIN_EMAIL = process.env.IU_ADMIN_EMAIL ?? 'admin@example.com';
const ADMIN_PASSWORD = process.env.IU_ADMIN_PASSWORD ?? 'iu-cutter-demo';

const directus = await startDirectus({
	dir: join(ROOT, '.run/demo'),
	port: PORT,
	db: { client: 'sqlite3' },
	adminEmail: ADMIN_EMAIL,
	adminPassword: ADMIN_PASSWORD,
});
const token = await directus.login();
const { ids } = await cutDemo({ url: directus.url, token, password: ADMIN_PASSWORD });

console.log(`
iu-cutter is running.

  Data Studio  ${directus.url}/admin
  IU Cutter    ${directus.url}/admin/iu-cutter  (backlog, cut preview, review, ledger timeline, resolver)
  Login        ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}
  Demo         ${directus.url}/admin/content/logical_unit  (Bộ luật Lao động 45/2019/QH14, excerpt,
               cut through one CUT / VERIFY cycle; its ledger is under Governance ledger)
  Workflow     editor ${ids.submitter.email} and reviewer ${ids.reviewer.email}, password ${ADMIN_PASSWORD};
               agents DOT-991 (executor) and DOT-992 (verifier) are API-only users
  Database     SQLite, .run/demo/data.db     Log  .run/demo/directus.log
  Ledger       signed with .run/demo/keys/ledger.key (public key: ledger.pub beside it);
               checkpoints witnessed in .run/demo/witness/ledger-witness.jsonl
               check it offline: npm run ledger:export -- --out /tmp/ledger.jsonl &&
               npm run ledger:audit -- --export /tmp/ledger.jsonl --public-key .run/demo/keys/ledger.pub --witness .run/demo/witness/ledger-witness.jsonl

Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		await directus.stop();
		process.exit(0);
	});
}
directus.child.on('exit', (code) => {
	console.error(`directus exited (${code}); see .run/demo/directus.log`);
	process.exit(code ?? 1);
});
