// Lets `tsc --noEmit` type-check imports of single-file components (the SDK compiles them).
declare module '*.vue' {
	import type { DefineComponent } from 'vue';
	const component: DefineComponent<object, object, unknown>;
	export default component;
}
