// createBatchProcessor with small intervals, fed by a real local SSE server the test writes to.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CustomerAnalytics } from '../../dist/index.js';
import { sleep, sse, startServer, until } from '../support/server.mjs';

const message = (id, type) =>
  `id: ${id}\nevent: customer_event\ndata: ${JSON.stringify({ event_id: id, event_type: type, customer_id: 'c1' })}\n\n`;

/** A server holding its open stream answers in `streams`, so the test writes events when it wants. */
async function streamServer(t) {
  const streams = [];
  const server = await startServer((req, res) => {
    sse(res);
    streams.push(res);
  });
  t.after(() => server.close());
  return { server, streams, api: new CustomerAnalytics({ baseUrl: server.url, apiKey: 'clv_test' }) };
}

test('events of the types asked for, handed over once per interval, never an empty batch', async (t) => {
  const { server, streams, api } = await streamServer(t);
  const processor = api.createBatchProcessor({ interval: '100ms', events: ['purchase', 'signup'] });
  t.after(() => processor.stop());
  assert.equal(processor.intervalMs, 100);
  const batches = [];
  const started = performance.now();
  processor.process((events) => {
    batches.push({ ids: events.map((e) => e.event_id), at: performance.now() - started });
  });
  await until(() => streams.length === 1, 3000, 'the stream');
  // two types: the server is not asked to filter, the processor does
  assert.equal(server.requests[0].url, '/v1/events/stream');

  streams[0].write(message('e1', 'purchase') + message('e2', 'login') + message('e3', 'signup'));
  await until(() => batches.length === 1, 3000, 'the first batch');
  await sleep(350); // three intervals and more without events
  assert.equal(batches.length, 1, 'no empty batches');
  streams[0].write(message('e4', 'purchase'));
  await until(() => batches.length === 2, 3000, 'the second batch');

  assert.deepEqual(
    batches.map((b) => b.ids),
    [['e1', 'e3'], ['e4']],
  );
  // handed over on the interval's ticks, not as the events came: the first no earlier than one interval after
  // start, and the second at least three intervals after the first (350 ms of silence came between)
  assert.ok(batches[0].at >= 95, `first batch at ${batches[0].at} ms`);
  assert.ok(batches[1].at - batches[0].at >= 300, `second batch ${batches[1].at - batches[0].at} ms later`);
});

test('one type is filtered by the server; maxBatchSize hands over early; stop() hands over the rest', async (t) => {
  const { server, streams, api } = await streamServer(t);
  const processor = api.createBatchProcessor({ interval: '1hour', events: ['purchase'], maxBatchSize: 2 });
  const batches = [];
  processor.process((events) => batches.push(events.map((e) => e.event_id)));
  await until(() => streams.length === 1, 3000, 'the stream');
  assert.equal(server.requests[0].url, '/v1/events/stream?event_type=purchase');

  streams[0].write(message('p1', 'purchase') + message('p2', 'purchase') + message('p3', 'purchase'));
  await until(() => batches.length === 1, 3000, 'the full batch');
  assert.deepEqual(batches, [['p1', 'p2']]);

  let closed = 0;
  processor.on('close', () => closed++);
  await processor.stop();
  assert.deepEqual(batches, [['p1', 'p2'], ['p3']]);
  assert.equal(closed, 1);
  assert.throws(() => processor.process(() => {}), /stopped/);
});

test('a slow handler: batches wait for it, never overlap, and lose nothing', async (t) => {
  const { streams, api } = await streamServer(t);
  const processor = api.createBatchProcessor({ interval: 30 });
  t.after(() => processor.stop());
  let active = 0;
  let maxActive = 0;
  const seen = [];
  processor.process(async (events) => {
    active++;
    maxActive = Math.max(maxActive, active);
    await sleep(100); // three intervals
    seen.push(...events.map((e) => e.event_id));
    active--;
  });
  await until(() => streams.length === 1, 3000, 'the stream');
  for (let i = 1; i <= 6; i++) {
    streams[0].write(message(`s${i}`, 'page_view'));
    await sleep(25);
  }
  await until(() => seen.length === 6, 5000, 'every event');
  assert.deepEqual(seen, ['s1', 's2', 's3', 's4', 's5', 's6']);
  assert.equal(maxActive, 1);
});

test('a handler that throws is reported as error, and the next batch still comes', async (t) => {
  const { streams, api } = await streamServer(t);
  const processor = api.createBatchProcessor({ interval: '20ms' });
  t.after(() => processor.stop());
  const errors = [];
  const batches = [];
  processor.on('error', (e) => errors.push(e.message));
  processor.process((events) => {
    batches.push(events.length);
    if (batches.length === 1) {
      throw new Error('dashboard down');
    }
  });
  await until(() => streams.length === 1, 3000, 'the stream');
  streams[0].write(message('a', 'x'));
  await until(() => errors.length === 1, 3000, 'the error');
  streams[0].write(message('b', 'x'));
  await until(() => batches.length === 2, 3000, 'the second batch');
  assert.deepEqual(errors, ['dashboard down']);
  assert.deepEqual(batches, [1, 1]);
});

test('a bad interval is refused at once', () => {
  const api = new CustomerAnalytics({ baseUrl: 'http://127.0.0.1:9' });
  assert.throws(() => api.createBatchProcessor({ interval: 'sometimes' }), TypeError);
  assert.throws(() => api.createBatchProcessor({ interval: '1s', maxBatchSize: 0 }), TypeError);
});
