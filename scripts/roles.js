// The workflow's policies, roles and identities: the CLI's `iu-cutter roles` (extension/src/cli/roles.js),
// re-exported for the demo seed and the tests (setupWorkflowRoles, AGENT_EMAILS, POLICIES).
export * from '../extension/src/cli/roles.js';
