// Headless Chromium for the browser tests and the browser benchmark: Debian's chromium-headless-shell driven by
// playwright-core (which never downloads a browser; scripts/chromium.sh installs Chromium when the machine lacks
// it). The headless shell is the same Chromium (Blink, V8) built for headless use only, as Playwright launches for
// headless pages: on our pages it takes 10–20 % less CPU than the full browser in headless mode (review.test.js
// 28 → 23 CPU s, workflow.test.js 48 → 44, its processes summed), which npm test's 2 cores need.
// IU_CHROMIUM=/usr/bin/chromium runs them in the full browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './directus.js';

export const CHROMIUM_PATH = process.env.IU_CHROMIUM ?? '/usr/lib/chromium/chromium-headless-shell';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const SCREENSHOTS = join(ROOT, 'tests/artifacts/screenshots');

/**
 * The Directus 12.4.0 login form (`/admin/login`, no test ids): one email input, one password
 * input, one submit button ("Sign In"; the eye icon beside the password is a type="button").
 */
export const LOGIN = {
	email: 'input[type="email"][autocomplete="username"]',
	password: 'input[type="password"][autocomplete="current-password"]',
	submit: 'form button[type="submit"]',
};

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchBrowser() {
	return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Collects what a page reports from now on: console errors and uncaught exceptions.
 * `openSession` returns one for its page as `pageErrors`; print `pageErrors.format()` on failure.
 * @param {import('playwright-core').Page} page
 * @returns {{ errors: string[], format(): string }}
 */
export function collectConsole(page) {
	const errors = [];
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		const where = m.location()?.url ? ` (${m.location().url})` : '';
		errors.push(`console.error: ${m.text()}${where}`);
	});
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e.message}`));
	return { errors, format: () => (errors.length ? errors.join('\n') : '(no console errors)') };
}

/**
 * Directus 12 license prompts an admin meets in a fresh instance, each dismissed by a cookie (as its
 * "Skip" button would): the onboarding modal "Have a license key?" (`license-onboarding-dismissed`,
 * the one a fresh Core instance shows), the grace-period modal (`license-login-modal-dismissed`)
 * and the project-owner banner (`license-banner-dismissed`). The app deletes the last two on every
 * login, so openSession sets them again after it.
 */
const LICENSE_COOKIES = ['license-onboarding-dismissed', 'license-login-modal-dismissed', 'license-banner-dismissed'];

/**
 * The login page's animated WebGL background (three.js, `shader-background-*.js`) renders in
 * software under --disable-gpu and takes a whole core: typing into the form then takes seconds and
 * the login ~10–20 s on the 2-core VM. openSession serves that one lazy chunk as an empty component;
 * nothing else of the app is touched (the chunk only draws the public pages' background).
 */
async function stubShaderBackground(context) {
	await context.route('**/admin/assets/shader-background-*.js', (route) =>
		route.fulfill({ contentType: 'text/javascript', body: 'export default { name: "shader-background", render: () => null };' }),
	);
}

/**
 * The tests' pages run without CSS animations and transitions, as Playwright's `animations: 'disabled'` makes
 * screenshots: the Data Studio animates every route change, drawer, dialog and notice, and under --disable-gpu
 * each frame is drawn in software. Measured on versions.test.js alone (2026-11-25): Chromium's GPU process 7.0 →
 * 1.4 CPU s, its renderer 13.1 → 11.2, the file 29.9 → 24.6 s; at rest the app runs no animation
 * (`document.getAnimations()`), so nothing the app does is hidden. A transition that no longer runs ends at once:
 * Vue's <transition> reads the computed duration (0) and fires its end hooks, so waits on them still hold.
 */
function withoutAnimations() {
	const add = () => {
		const style = document.createElement('style');
		style.dataset.iuTest = 'no-animations';
		style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
		(document.head ?? document.documentElement).append(style);
	};
	if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add, { once: true });
	else add();
}

/**
 * A fresh context and page, logged in through the real Directus login form.
 * The page is left where Directus lands after login (the user's last page, or the content module);
 * the license prompts stay dismissed from the next navigation on.
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, email: string, password: string }} o  url: the Directus origin, e.g. http://127.0.0.1:18055
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page,
 *                     pageErrors: { errors: string[], format(): string } }>}  pageErrors: see collectConsole
 */
export async function openSession(browser, { url, email, password }) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const dismissLicense = () => context.addCookies(LICENSE_COOKIES.map((name) => ({ name, value: 'true', url })));
	await dismissLicense();
	await stubShaderBackground(context);
	await context.addInitScript(withoutAnimations);
	const page = await context.newPage();
	const pageErrors = collectConsole(page);
	try {
		await page.goto(`${url}/admin/login`);
		await page.locator(LOGIN.email).fill(email);
		await page.locator(LOGIN.password).fill(password);
		await page.locator(LOGIN.submit).click();
		await page.waitForURL((u) => u.pathname.startsWith('/admin/') && !u.pathname.startsWith('/admin/login'), { timeout: 30_000 });
		await dismissLicense();
	} catch (e) {
		const shot = await screenshot(page, 'login-failed').catch(() => null);
		await context.close();
		throw new Error(`login to ${url} as ${email} failed at ${page.url()}: ${e.message}\nscreenshot: ${shot}\n${pageErrors.format()}`);
	}
	return { context, page, pageErrors };
}

/**
 * Gives `session`'s page a virtual platform authenticator of its own (the Chrome DevTools Protocol's
 * WebAuthn.addVirtualAuthenticator: the browser's own WebAuthn code, user verification included), as a person's
 * laptop has. `session.credentials()` lists the passkeys it holds.
 */
export async function addPasskeyAuthenticator(session) {
	const cdp = await session.context.newCDPSession(session.page);
	await cdp.send('WebAuthn.enable');
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
	});
	session.credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
	/** Puts a passkey into this authenticator (a copy of another's, say: WebAuthn.getCredentials gives its private key). */
	session.addCredential = (credential) => cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
	return session;
}

/**
 * Puts `text` into a text field at once, as a paste does, and fires the `input` event the app listens to.
 * For texts of a whole law: `locator.fill` inserts through the browser's editing commands, which takes
 * minutes for 700 KB in a textarea.
 * @param {import('playwright-core').Locator} locator  an input or textarea
 * @param {string} text
 */
export async function pasteText(locator, text) {
	await locator.evaluate((el, value) => {
		el.focus();
		el.value = value;
		el.dispatchEvent(new Event('input', { bubbles: true }));
	}, text);
}

/**
 * Clicks a Data Studio button once it can be pressed. A `<v-button>`'s test id is on its wrapper, which Playwright's
 * actionability checks take as enabled while the `<button>` inside is still disabled, and a click then is lost: the
 * preview page shows a diagnostic's "Apply repair" disabled until it has read the previewed document (PreviewPage.vue,
 * notePreviewed), and again while it previews after a repair. Seen failing on a loaded machine (repair.test.js).
 * @param {import('playwright-core').Locator} locator  the button, or the element its test id is on
 */
export async function clickWhenEnabled(locator, timeout = 60_000) {
	const deadline = Date.now() + timeout;
	const pressable = (el) => {
		const button = el.matches('button') ? el : el.querySelector('button');
		return button !== null && !button.disabled;
	};
	while (!(await locator.evaluate(pressable, undefined, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => false))) {
		if (Date.now() > deadline) throw new Error(`${locator} was not found, or stayed disabled, for ${timeout} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
	await locator.click();
}

/**
 * Goes to a page of the module as a user already in the Data Studio does, following a link: through the app's own
 * router, not a reload of the whole app. A reload makes Chromium parse and run all of the Data Studio's scripts again:
 * about 2 CPU s against 0.2 for a routed visit (2026-11-26, 10 visits each way, Chromium's processes summed); the
 * browser tests' Chromium took 352 CPU s instead of 437 with it (process accounting, the browser group alone). The
 * module's pages fetch what they show when they open and follow their route's parameters (EntryPage's id,
 * TimelinePage's query), so the page is the same either way. `page.goto` is kept
 * where a fresh start is what is tested (the app reads the user's language when it starts: i18n.test.js), for the
 * page the user is on already (a reload, to see what changed), for Directus' own pages (their stores are filled when
 * the app starts), and from outside the app (the first page, the login page).
 * @param {import('playwright-core').Page} page
 * @param {string} url  an absolute URL under /admin/iu-cutter
 */
export async function visit(page, url) {
	const to = new URL(url);
	const from = new URL(page.url());
	const inApp = from.origin === to.origin && from.pathname.startsWith('/admin/') && !from.pathname.startsWith('/admin/login');
	const samePage = from.pathname + from.search === to.pathname + to.search;
	if (inApp && !samePage && to.pathname.startsWith('/admin/iu-cutter')) {
		const routed = await page.evaluate(
			async (path) => {
				const router = document.querySelector('#app')?.__vue_app__?.config.globalProperties.$router;
				// A dialog left open (an error the last step provoked) covers the app: a user could not follow a link.
				if (!router || document.querySelector('#dialog-outlet')?.children.length) return false;
				// vue-router resolves push with a NavigationFailure (not a throw) when a guard stops the navigation.
				const failure = await router.push(path);
				// push resolves once the route has changed; Vue draws the new page in its next flush (microtasks): after a
				// task, nothing of the page left is in the DOM for the test's next locator to find.
				await new Promise((resolve) => setTimeout(resolve, 0));
				return failure === undefined;
			},
			to.pathname.slice('/admin'.length) + to.search + to.hash,
		);
		if (routed) return;
	}
	await page.goto(url);
}

/**
 * Opens `url` and waits until the Data Studio has recorded it as the user's last page: its router
 * sends PATCH /users/me/track/page 500 ms after every navigation. A test that records requests
 * afterwards (e.g. "no request while typing") then sees only what the page itself asks for.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 */
export async function gotoTracked(page, url) {
	const tracked = page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === '/users/me/track/page', { timeout: 30_000 });
	await page.goto(url);
	await tracked;
}

/**
 * Every request the page makes from now until stop(): url, method, resourceType
 * ('document', 'script', 'fetch', 'xhr', 'websocket', …).
 * @param {import('playwright-core').Page} page
 * @returns {{ requests: { url: string, method: string, resourceType: string }[], stop(): void }}
 */
export function recordRequests(page) {
	const requests = [];
	const onRequest = (r) => requests.push({ url: r.url(), method: r.method(), resourceType: r.resourceType() });
	page.on('request', onRequest);
	return { requests, stop: () => page.off('request', onRequest) };
}

/**
 * Full-page screenshot to tests/artifacts/screenshots/<name>.png (gitignored). Returns the path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
	mkdirSync(SCREENSHOTS, { recursive: true });
	// After a page load the Data Studio fades out a spinner over the page (`.hydrating`) while it
	// hydrates its stores; a picture taken then is dimmed. Not an assertion: a failure's picture is wanted as it is.
	await page
		.locator('.hydrating')
		.waitFor({ state: 'detached', timeout: 10_000 })
		.catch(() => {});
	const path = join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

/**
 * The element's text, whitespace collapsed, once it equals `expected` (or `expected(text)` holds), or the last text seen
 * when `timeout` ms are up: assert on the result. For text that settles in steps, e.g. an address shown
 * until the core has loaded.
 * @param {import('playwright-core').Locator} locator
 * @param {string | ((text: string) => boolean)} expected
 */
export async function settledText(locator, expected, timeout = 15_000) {
	const done = typeof expected === 'function' ? expected : (t) => t === expected;
	const deadline = Date.now() + timeout;
	let text = null;
	do {
		text = (await locator.textContent().catch(() => null))?.replace(/\s+/g, ' ').trim() ?? null;
		if (text !== null && done(text)) break;
		await new Promise((r) => setTimeout(r, 100));
	} while (Date.now() < deadline);
	return text;
}

/**
 * Runs `fn(session.page)`; when it fails, the error's message gains a screenshot
 * (`<name>-failed`), the Directus log's path and the page's console errors.
 * @param {{ page: import('playwright-core').Page, pageErrors: { format(): string } }} session
 * @param {string} name
 * @param {(page: import('playwright-core').Page) => Promise<void>} fn
 * @param {string | undefined} logPath
 */
export async function step(session, name, fn, logPath) {
	try {
		await fn(session.page);
	} catch (e) {
		const shot = await screenshot(session.page, `${name}-failed`).catch((x) => `(no screenshot: ${x.message})`);
		e.message += `\nscreenshot: ${shot}\nDirectus log: ${logPath}\n${session.pageErrors.format()}`;
		throw e;
	}
}
