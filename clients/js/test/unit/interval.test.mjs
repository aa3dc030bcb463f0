// The batch interval as the seed writes it ('1hour') and in other common spellings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseInterval } from '../../dist/index.js';

test('spellings of an interval, in milliseconds', () => {
  const cases = {
    '1hour': 3_600_000,
    '2 hours': 7_200_000,
    '1.5h': 5_400_000,
    '15min': 900_000,
    '30 minutes': 1_800_000,
    '10s': 10_000,
    '45 secs': 45_000,
    '500ms': 500,
    '1day': 86_400_000,
    '2d': 172_800_000,
  };
  for (const [text, ms] of Object.entries(cases)) {
    assert.equal(parseInterval(text), ms, text);
  }
  assert.equal(parseInterval(250), 250);
});

test('anything else is a TypeError', () => {
  for (const bad of ['', 'hour', '1 fortnight', '-1s', '0ms', 0, -5, Number.NaN]) {
    assert.throws(() => parseInterval(bad), TypeError, String(bad));
  }
});
