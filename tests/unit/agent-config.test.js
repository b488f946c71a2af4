// Which agents run (extension/src/governance/agent-config.ts), pure logic: Directus' env parses some settings
// (booleans, numbers) and leaves others as text, and an agent that is turned on by mistake cuts and verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentConfig } from '../../extension/src/governance/agent-config.ts';

test('nothing set: no agent, no go-ahead, a poll a minute', () => {
	assert.deepEqual(agentConfig({}), { executor: null, verifier: null, executorKeyFile: null, verifierKeyFile: null, goAhead: false, pollMs: 60_000 });
});

test("each agent's own key file is taken trimmed; a blank one is no key", () => {
	const c = agentConfig({ IU_AGENT_EXECUTOR_KEY_FILE: ' /keys/dot-991.key ', IU_AGENT_VERIFIER_KEY_FILE: '' });
	assert.equal(c.executorKeyFile, '/keys/dot-991.key');
	assert.equal(c.verifierKeyFile, null);
});

test('the agent users are taken trimmed; a blank one is no agent', () => {
	const c = agentConfig({ IU_AGENT_EXECUTOR: '  dot-991@agents.example.com ', IU_AGENT_VERIFIER: '   ' });
	assert.equal(c.executor, 'dot-991@agents.example.com');
	assert.equal(c.verifier, null);
});

test('the go-ahead is on only for true, as a boolean (Directus parsed it) or as text in any case', () => {
	assert.equal(agentConfig({ IU_AGENT_GO_AHEAD: true }).goAhead, true);
	assert.equal(agentConfig({ IU_AGENT_GO_AHEAD: 'TRUE' }).goAhead, true);
	assert.equal(agentConfig({ IU_AGENT_GO_AHEAD: 'yes' }).goAhead, false);
	assert.equal(agentConfig({ IU_AGENT_GO_AHEAD: '1' }).goAhead, false);
	assert.equal(agentConfig({ IU_AGENT_GO_AHEAD: false }).goAhead, false);
});

test('the poll interval is in seconds, as a number or as text; anything but a positive number is a minute', () => {
	assert.equal(agentConfig({ IU_AGENT_POLL_SECONDS: 5 }).pollMs, 5_000);
	assert.equal(agentConfig({ IU_AGENT_POLL_SECONDS: '0.5' }).pollMs, 500);
	for (const bad of [0, -3, 'soon', Infinity]) assert.equal(agentConfig({ IU_AGENT_POLL_SECONDS: bad }).pollMs, 60_000, String(bad));
});
