// The "existing" Directus project the install test installs iu-cutter into: an institution's own
// collections with data and a relation, its own users, a role and two policies with permissions
// (one on a role, one on a user), and an event-hook flow that writes a log row.
// `observe` records how all of it behaves, as its users see it and as the admin sees it, so the test
// can compare before and after the installation: everything it returns must be equal.
import { client } from '../support/api.js';

export const PEOPLE = {
	alice: { email: 'alice.writer@newsroom.example.com', password: 'alice-writes-articles' },
	bob: { email: 'bob.reader@newsroom.example.com', password: 'bob-reads-articles' },
};
const OWN_COLLECTIONS = ['authors', 'articles', 'article_log'];
const OWN_POLICIES = ['Newsroom writers', 'Newsroom readers'];
const FLOW = 'Log new articles';

/** Creates the project's own schema, data, access and flow through the REST API, as its admin once did. */
export async function seedExistingProject(admin) {
	await admin.ok('POST', '/collections', {
		collection: 'authors',
		meta: { icon: 'person', note: 'Our authors' },
		schema: {},
		fields: [
			{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
			{ field: 'name', type: 'string', meta: { required: true }, schema: { is_nullable: false } },
		],
	});
	await admin.ok('POST', '/collections', {
		collection: 'articles',
		meta: { icon: 'article' },
		schema: {},
		fields: [
			{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
			{ field: 'title', type: 'string', schema: { is_nullable: false } },
			{ field: 'body', type: 'text' },
			{ field: 'status', type: 'string', schema: { default_value: 'draft' } },
			{ field: 'author', type: 'integer', meta: { interface: 'select-dropdown-m2o', special: ['m2o'] } },
		],
	});
	await admin.ok('POST', '/relations', { collection: 'articles', field: 'author', related_collection: 'authors', schema: { on_delete: 'SET NULL' } });
	await admin.ok('POST', '/collections', {
		collection: 'article_log',
		meta: { icon: 'history', hidden: true },
		schema: {},
		fields: [
			{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
			{ field: 'article', type: 'integer' },
			{ field: 'note', type: 'string' },
		],
	});
	const [ada, lin] = await admin.ok('POST', '/items/authors', [{ name: 'Ada' }, { name: 'Lin' }]);
	await admin.ok('POST', '/items/articles', [
		{ title: 'Budget passed', body: 'The council passed the budget.', status: 'published', author: ada.id },
		{ title: 'Bridge reopens', body: 'The old bridge reopens on Monday.', status: 'published', author: lin.id },
		{ title: 'Draft: elections', body: 'Notes.', status: 'draft', author: ada.id },
	]);

	// Writers: a role whose policy may read and write articles and read authors, but delete nothing and not see the log.
	// No app access: API users take no seat of the Core licence, which leaves the seats to iu-cutter's people.
	const writers = await admin.ok('POST', '/policies', { name: 'Newsroom writers', icon: 'edit', admin_access: false, app_access: false });
	await admin.ok('POST', '/permissions', [
		{ policy: writers.id, collection: 'articles', action: 'read', fields: ['*'] },
		{ policy: writers.id, collection: 'articles', action: 'create', fields: ['*'] },
		{ policy: writers.id, collection: 'articles', action: 'update', fields: ['*'] },
		{ policy: writers.id, collection: 'authors', action: 'read', fields: ['*'] },
	]);
	const role = await admin.ok('POST', '/roles', { name: 'Writer', icon: 'edit' });
	await admin.ok('POST', '/access', { role: role.id, policy: writers.id });
	await admin.ok('POST', '/users', { ...PEOPLE.alice, role: role.id, first_name: 'Alice' });
	// Readers: a policy on the user itself (no role) that reads articles and nothing else.
	// (Field-level and filtered rules are custom permission rules, which the Core licence refuses.)
	const readers = await admin.ok('POST', '/policies', { name: 'Newsroom readers', icon: 'visibility', admin_access: false, app_access: false });
	await admin.ok('POST', '/permissions', { policy: readers.id, collection: 'articles', action: 'read', fields: ['*'] });
	const bob = await admin.ok('POST', '/users', { ...PEOPLE.bob, first_name: 'Bob' });
	await admin.ok('POST', '/access', { user: bob.id, policy: readers.id });

	// The flow: every new article gets a log row (event hook, action, non-blocking; Create Data with full permissions).
	const flow = await admin.ok('POST', '/flows', {
		name: FLOW,
		icon: 'bolt',
		status: 'active',
		trigger: 'event',
		accountability: 'all',
		options: { type: 'action', scope: ['items.create'], collections: ['articles'] },
	});
	const op = await admin.ok('POST', '/operations', {
		flow: flow.id,
		name: 'Write log row',
		key: 'write_log',
		type: 'item-create',
		position_x: 19,
		position_y: 1,
		options: { collection: 'article_log', permissions: '$full', emitEvents: false, payload: { article: '{{$trigger.key}}', note: 'created: {{$trigger.payload.title}}' } },
	});
	await admin.ok('PATCH', `/flows/${flow.id}`, { operation: op.id });
}

async function login(url, { email, password }) {
	const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	return { status: r.status, token: r.ok ? (await r.json()).data.access_token : null };
}

const pick = (o, keys) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
const byKey = (key) => (a, b) => String(a[key]).localeCompare(String(b[key]));

/** Waits for the flow's log row of `article` (the flow runs after the answer, as an action). */
async function logRowOf(admin, article, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await admin.ok('GET', `/items/article_log?filter[article][_eq]=${article}&fields=note`);
		if (rows.length || Date.now() > deadline) return rows.map((r) => r.note);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * What the project's own collections, users, permissions and flow do now. Writes one probe article as
 * alice (and its log row, through the flow) and removes both afterwards, so calling it twice observes
 * the same store. Ids of the probe's rows are left out: autoincrement gives the second probe a new one.
 */
export async function observe(url, adminToken) {
	const admin = client(url, adminToken);
	const seen = {};
	// The admin's view of the schema, the access rules and the flow.
	seen.collections = (await admin.ok('GET', '/collections')).filter((c) => OWN_COLLECTIONS.includes(c.collection)).map((c) => ({ collection: c.collection, meta: pick(c.meta ?? {}, ['icon', 'note', 'hidden', 'singleton']) }));
	seen.fields = [];
	for (const c of OWN_COLLECTIONS) {
		for (const f of await admin.ok('GET', `/fields/${c}`)) seen.fields.push({ collection: c, field: f.field, type: f.type, schema: pick(f.schema ?? {}, ['data_type', 'is_nullable', 'is_primary_key', 'default_value', 'foreign_key_table']), special: f.meta?.special ?? null });
	}
	seen.fields.sort((a, b) => `${a.collection}.${a.field}`.localeCompare(`${b.collection}.${b.field}`));
	seen.relations = (await admin.ok('GET', '/relations')).filter((r) => OWN_COLLECTIONS.includes(r.collection)).map((r) => pick(r, ['collection', 'field', 'related_collection']));
	const policies = (await admin.ok('GET', '/policies?limit=-1&fields=id,name,admin_access,app_access')).filter((p) => OWN_POLICIES.includes(p.name)).sort(byKey('name'));
	seen.policies = [];
	for (const p of policies) {
		const perms = await admin.ok('GET', `/permissions?limit=-1&filter[policy][_eq]=${p.id}&fields=collection,action,fields,permissions,validation,presets`);
		const access = await admin.ok('GET', `/access?limit=-1&filter[policy][_eq]=${p.id}&fields=role.name,user.email`);
		seen.policies.push({
			...pick(p, ['name', 'admin_access', 'app_access']),
			permissions: perms.map((x) => ({ ...x, fields: [...(x.fields ?? [])].sort() })).sort((a, b) => `${a.collection}.${a.action}`.localeCompare(`${b.collection}.${b.action}`)),
			holders: access.map((a) => a.role?.name ?? a.user?.email).sort(),
		});
	}
	seen.users = (await admin.ok('GET', '/users?limit=-1&fields=email,status,role.name')).filter((u) => Object.values(PEOPLE).some((p) => p.email === u.email)).map((u) => ({ email: u.email, status: u.status, role: u.role?.name ?? null })).sort(byKey('email'));
	const flows = (await admin.ok('GET', '/flows?limit=-1&fields=name,status,trigger,options,accountability,operations.key,operations.type,operations.options')).filter((f) => f.name === FLOW);
	seen.flows = flows;
	seen.data = {
		authors: await admin.ok('GET', '/items/authors?sort=id&fields=id,name'),
		articles: await admin.ok('GET', '/items/articles?sort=id&fields=id,title,body,status,author.name'),
		article_log: await admin.ok('GET', '/items/article_log?sort=id&fields=article,note'),
	};

	// As alice (the Writer role): what she may and may not do, and the flow firing on her new article.
	const a = await login(url, PEOPLE.alice);
	const alice = client(url, a.token);
	const created = await alice.post('/items/articles', { title: 'Probe article', body: 'Written by the install test.', author: seen.data.authors[0].id });
	const probeId = created.body?.data?.id;
	seen.alice = {
		login: a.status,
		readArticles: (await alice.get('/items/articles?sort=id&fields=title,author.name')).body,
		create: { status: created.status, status_default: created.body?.data?.status },
		flowLogged: probeId ? await logRowOf(admin, probeId) : null,
		update: (await alice.patch(`/items/articles/${probeId}`, { status: 'published' })).status,
		delete: (await alice.del(`/items/articles/${probeId}`)).status,
		readLog: (await alice.get('/items/article_log')).status,
		readAuthors: (await alice.get('/items/authors?sort=id&fields=name')).body,
		createAuthor: (await alice.post('/items/authors', { name: 'Nobody' })).status,
		readUsers: (await alice.get('/users?fields=email')).status,
	};
	// As bob (a policy on the user: articles, read only).
	const b = await login(url, PEOPLE.bob);
	const bob = client(url, b.token);
	seen.bob = {
		login: b.status,
		readArticles: (await bob.get('/items/articles?sort=id&fields=title,status')).body,
		readAuthorName: (await bob.get('/items/articles?sort=id&fields=title,author.name')).body,
		create: (await bob.post('/items/articles', { title: 'Not allowed' })).status,
		update: (await bob.patch(`/items/articles/${seen.data.articles[0].id}`, { title: 'Changed' })).status,
		readAuthors: (await bob.get('/items/authors')).status,
	};
	// Nobody logged in.
	const anon = client(url, null);
	seen.anonymous = { readArticles: (await anon.get('/items/articles')).status, wrongPassword: (await login(url, { ...PEOPLE.alice, password: 'wrong' })).status };

	// Put the store back as it was: the probe article and its log row go.
	if (probeId) {
		await admin.ok('DELETE', `/items/articles/${probeId}`);
		const logs = await admin.ok('GET', `/items/article_log?filter[article][_eq]=${probeId}&fields=id`);
		if (logs.length) await admin.ok('DELETE', '/items/article_log', logs.map((l) => l.id));
	}
	return seen;
}
