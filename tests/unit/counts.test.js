// A manifest's counts in words (extension/src/governance/counts.ts), pure logic: an entry's default title and the
// history's note on a submission say them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCounts } from '../../extension/src/governance/counts.ts';

test('the actions with a count, in the order counted', () => {
	assert.equal(describeCounts({ create: 3, update: 0, retire: 1 }), '3 create, 1 retire');
});

test('nothing counted, or only zeros, is "no change"', () => {
	assert.equal(describeCounts({}), 'no change');
	assert.equal(describeCounts({ create: 0, confirm: 0 }), 'no change');
});
