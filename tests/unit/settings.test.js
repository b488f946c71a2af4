// IU_* settings written only in a Directus project's .env reach process.env (extension/src/shared/settings.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptIuSettings } from '../../extension/src/shared/settings.js';

test('IU_* settings and PUBLIC_URL of Directus env are adopted as text; the real environment wins; others are left alone', () => {
	const target = { IU_LEDGER_WITNESS: '/from/process' };
	const adopted = adoptIuSettings(
		{
			IU_LEDGER_KEY_FILE: '/srv/keys/ledger.key',
			IU_LEDGER_WITNESS: '/from/dotenv',
			IU_AGENT_GO_AHEAD: true,
			IU_AGENT_POLL_SECONDS: 30,
			IU_LEDGER_PUBLIC_KEYS: ['a.pub', 'b.pub'],
			IU_UNSET: undefined,
			DB_CLIENT: 'sqlite3',
			PUBLIC_URL: 'https://laws.example.org/cms',
		},
		target,
	);
	assert.deepEqual(adopted, ['IU_LEDGER_KEY_FILE', 'IU_AGENT_GO_AHEAD', 'IU_AGENT_POLL_SECONDS', 'IU_LEDGER_PUBLIC_KEYS', 'PUBLIC_URL']);
	assert.deepEqual(target, {
		IU_LEDGER_WITNESS: '/from/process',
		IU_LEDGER_KEY_FILE: '/srv/keys/ledger.key',
		IU_AGENT_GO_AHEAD: 'true',
		IU_AGENT_POLL_SECONDS: '30',
		IU_LEDGER_PUBLIC_KEYS: 'a.pub,b.pub',
		PUBLIC_URL: 'https://laws.example.org/cms',
	});
});
