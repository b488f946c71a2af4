// The address set shared by the native, WASM and JS benchmarks (same as core/benches/core.rs).
const POINTS = ['a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i'];

export function addresses(n) {
	return Array.from({ length: n }, (_, i) => `45-2019-qh14/dieu-${(i % 500) + 1}/khoan-${(i % 3) + 1}/diem-${POINTS[i % POINTS.length]}`);
}

/** The plain-JS baseline: the canonical-address-v1 grammar as one RegExp, plus the length and depth limits. */
const GRAMMAR = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z]+-[a-z0-9]+){0,8}$/;
export function regexValidate(address) {
	return address.length <= 255 && GRAMMAR.test(address);
}
