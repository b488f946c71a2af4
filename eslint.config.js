// ESLint for the extension (TypeScript + Vue) and the scripts (Node ESM), run by scripts/lint.sh.
// The recommended sets of ESLint, typescript-eslint and eslint-plugin-vue; eslint-config-prettier
// last, so layout is prettier's alone (.prettierrc.json) and the two never disagree.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
	// Built or generated: the bundle, the wasm-bindgen output, Rust's target.
	globalIgnores(['extension/dist/', 'extension/pkg/', 'extension/pkg-browser/', 'extension/wasm/', 'target/', '.tools/']),
	js.configs.recommended,
	tseslint.configs.recommended,
	vue.configs['flat/recommended'],
	{
		files: ['**/*.vue'],
		// `<script setup lang="ts">`: the template is read by vue-eslint-parser, the script by typescript-eslint.
		languageOptions: { parserOptions: { parser: tseslint.parser } },
	},
	{
		// The extension runs in both places: the app in the browser, the API (hook, endpoint, operation) in Node.
		files: ['extension/src/**'],
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// `display.vue` and `interface.vue` are the entry components of a Directus display and interface, named
			// as the extension SDK names them; they are imported by their `index.ts`, never used as a tag in a template.
			// `Term.vue` is the glossary hint, `<term name="sweep">`, written in seven pages' templates: its one word is
			// the glossary's own word, and no HTML element or Directus component is called `term`.
			'vue/multi-word-component-names': ['error', { ignores: ['display', 'interface', 'Term'] }],
			// The core's results are typed (generated from the Rust types): an `any`, `as any` included, hides a
			// call that no longer matches the core, so it fails the gate.
			'@typescript-eslint/no-explicit-any': 'error',
		},
	},
	{
		files: ['scripts/**/*.js'],
		languageOptions: { globals: globals.node },
	},
	{
		rules: {
			// Deliberately unused: `_`-prefixed names (an ignored parameter), and a field destructured away to copy
			// the rest (`({ children, ...node }) => node`).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
		},
	},
	prettier,
]);
