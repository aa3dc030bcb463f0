// verifyWebhook against the Standard Webhooks specification's own example signature.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { verifyWebhook } from '../../dist/index.js';

// the specification's example: this secret, id, timestamp and body sign to this value
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"test": 2432232314}';
const headers = {
  'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  'webhook-timestamp': '1614265330',
  'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

test('the example signature verifies; any change to body, id or secret does not', () => {
  assert.equal(verifyWebhook(secret, headers, body, Infinity), true);
  assert.equal(verifyWebhook(secret, headers, '{"test": 2432232315}', Infinity), false);
  assert.equal(verifyWebhook(secret, { ...headers, 'webhook-id': 'msg_other' }, body, Infinity), false);
  assert.equal(verifyWebhook('whsec_' + Buffer.alloc(24).toString('base64'), headers, body, Infinity), false);
});

test('during a rotation either of two signatures verifies', () => {
  const both = { ...headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${headers['webhook-signature']}` };
  assert.equal(verifyWebhook(secret, both, body, Infinity), true);
});

test('an old timestamp or missing headers are refused', () => {
  assert.equal(verifyWebhook(secret, headers, body), false); // 2021: far outside 5 minutes
  assert.equal(verifyWebhook(secret, { 'webhook-id': 'x' }, body, Infinity), false);
  assert.equal(verifyWebhook(secret, { ...headers, 'webhook-signature': 'v2,abc' }, body, Infinity), false);
});
