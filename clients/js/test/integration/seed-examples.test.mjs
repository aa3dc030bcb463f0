// Runs the README's seed examples (the code blocks after <!-- seed-example -->) as written, in order, against a
// running platform: skipped unless CLV_BASE_URL and CLV_TOKEN are set (see platform.test.mjs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';

import { CustomerAnalytics } from '../../dist/index.js';
import { poll } from '../support/server.mjs';

const BASE = process.env.CLV_BASE_URL?.replace(/\/+$/, '');
const TOKEN = process.env.CLV_TOKEN;
const skip = BASE && TOKEN ? false : 'CLV_BASE_URL and CLV_TOKEN are not set: no platform to test against';
const SEED_WEBHOOK_URL = 'https://your-app.com/webhooks/analytics';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/<!-- seed-example -->\s*```javascript\n([\s\S]*?)```/g)].map((m) => m[1]);
const AsyncFunction = (async () => {}).constructor;

test('the README holds the seed examples', () => {
  assert.equal(blocks.length, 7);
  for (const name of ['trackEvent', 'getSegmentCustomers', 'createSegment', 'getAnalyticsReports', 'createWebhook',
    'createEventStream', 'createBatchProcessor']) {
    assert.ok(blocks.some((b) => b.includes(`analytics.${name}(`)), name);
  }
});

test('the seed examples run against the platform', { skip, timeout: 120_000 }, async () => {
  // the seed's analytics object, through its own base path; what its examples start or send is recorded here
  const analytics = new CustomerAnalytics({ baseUrl: `${BASE}/customer-analytics/v1`, apiKey: TOKEN });
  const started = { streams: [], processors: [], webhooks: [] };
  const wrap = (name, list) => {
    const original = analytics[name].bind(analytics);
    analytics[name] = (...args) => {
      const made = original(...args);
      list.push(made);
      return made;
    };
  };
  const opened = new Set();
  const purchases = new Set(); // the streams that saw a purchase

  wrap('createEventStream', started.streams);
  const createStream = analytics.createEventStream;
  analytics.createEventStream = (...args) => {
    const stream = createStream(...args);
    stream.once('open', () => opened.add(stream)); // attached before it connects (on the next tick)
    stream.on('customer_event', (e) => e.event_type === 'purchase' && purchases.add(stream));
    return stream;
  };
  wrap('createBatchProcessor', started.processors);
  wrap('createWebhook', started.webhooks);
  after(async () => {
    started.streams.forEach((s) => s.close());
    await Promise.all(started.processors.map((p) => p.stop()));
    for (const hook of await analytics.listWebhooks()) {
      if (hook.url === SEED_WEBHOOK_URL) {
        await analytics.deleteWebhook(hook.id);
      }
    }
  });
  // the seed creates 'At Risk Customers'; a name is unique per tenant, so a second run removes the first's
  for (const segment of await analytics.listSegments()) {
    if (segment.name === 'At Risk Customers') {
      await analytics.deleteSegment(segment.id);
    }
  }

  const logged = [];
  const insights = [];
  const scope = {
    analytics,
    console: { ...console, log: (...args) => logged.push(args) },
    generateInsights: async (events) => ({ count: events.length, types: events.map((e) => e.event_type) }),
    updateDashboards: async (insight) => insights.push(insight),
  };
  for (const code of blocks) {
    await new AsyncFunction(...Object.keys(scope), code)(...Object.values(scope));
  }

  // the webhook registration the seed does not await
  const webhook = await started.webhooks[0];
  assert.match(webhook.secret, /^whsec_/);

  // one more purchase reaches both the seed's stream listener and its batch processor (which reads a stream of
  // its own, made through the same createEventStream: so two streams, the seed's first)
  const [processor] = started.processors;
  await poll(async () => started.streams.length === 2 && opened.size === 2, 15_000, 'both streams to open');
  await analytics.trackEvent({ customer_id: 'customer_123', event_type: 'purchase', properties: { amount: 1 } });
  await poll(async () => logged.some(([label, e]) => label === 'New event:' && e.event_type === 'purchase'), 15_000,
    "the seed's stream listener to log the purchase");
  // the two streams get the purchase independently: the processor's may see it after the seed's listener did
  await poll(async () => purchases.size === 2, 15_000, "the batch processor's stream to see the purchase");
  await processor.stop(); // hands over what the hour collected so far
  assert.ok(insights.some((i) => i.types.includes('purchase')), JSON.stringify(insights));
});
