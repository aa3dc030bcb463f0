// createEventStream against a real local SSE server: drops, Last-Event-ID, retry and backoff, fatal answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ClvApiError, CustomerAnalytics } from '../../dist/index.js';
import { json, sleep, sse, startServer, until } from '../support/server.mjs';

const event = (id, type = 'purchase') =>
  `id: ${id}\nevent: customer_event\ndata: ${JSON.stringify({
    event_id: id,
    event_type: type,
    customer_id: 'c1',
    timestamp: '2024-01-20T14:22:00Z',
    properties: { amount: 1 },
  })}\n\n`;

/** The client, and a stream whose events, opens, errors and closes are recorded. */
function open(t, server, options) {
  const api = new CustomerAnalytics({ baseUrl: server.url, apiKey: 'clv_test' });
  const stream = api.createEventStream(options);
  t.after(() => stream.close()); // a failed assertion must not leave it reconnecting
  const seen = { events: [], ids: [], opens: 0, errors: [], closes: 0 };
  stream.on('customer_event', (e, meta) => {
    seen.events.push(e);
    seen.ids.push(meta.id);
  });
  stream.on('open', () => seen.opens++);
  stream.on('error', (e) => seen.errors.push(e));
  stream.on('close', () => seen.closes++);
  return { stream, seen };
}

test('after a drop it reconnects with Last-Event-ID, after the retry the server set', async (t) => {
  let droppedAt;
  const server = await startServer((req, res, body, i) => {
    sse(res);
    if (i === 0) {
      // retry first, then one event, a heartbeat, an id without data, and the connection dies abruptly
      res.write('retry: 30\n\n');
      res.write(event('e1'));
      res.write(': heartbeat\n\nid: e1b\n\n');
      setTimeout(() => {
        droppedAt = performance.now();
        res.socket.destroy();
      }, 20);
    } else {
      res.write(event('e2'));
    }
  });
  t.after(() => server.close());
  const { stream, seen } = open(t, server, { event_type: 'purchase', retryMs: 5000 });

  await until(() => seen.events.length === 2, 3000, 'two events');
  stream.close();

  assert.deepEqual(
    seen.events.map((e) => e.event_id),
    ['e1', 'e2'],
  );
  assert.deepEqual(seen.ids, ['e1', 'e2']);
  assert.equal(seen.events[0].properties.amount, 1);
  const [first, second] = server.requests;
  assert.equal(first.url, '/v1/events/stream?event_type=purchase');
  assert.equal(first.headers.authorization, 'Bearer clv_test');
  assert.equal(first.headers.accept, 'text/event-stream');
  assert.equal(first.headers['last-event-id'], undefined);
  // the id-only message moved the resume point past e1
  assert.equal(second.headers['last-event-id'], 'e1b');
  // the server's retry (30 ms) replaced the client's 5 s
  const waited = second.at - droppedAt;
  assert.ok(waited >= 25 && waited < 2000, `reconnected after ${waited} ms`);
  assert.equal(seen.opens, 2);
  assert.equal(stream.lastEventId, 'e2');

  await sleep(100);
  assert.equal(server.requests.length, 2, 'no connection after close()');
  assert.equal(seen.closes, 1);
});

test('the first connection resumes from the lastEventId given', async (t) => {
  const server = await startServer((req, res) => sse(res));
  t.after(() => server.close());
  const { stream } = open(t, server, { lastEventId: 'resume-41', customer_id: 'c 1' });
  await until(() => server.requests.length === 1);
  stream.close();
  assert.equal(server.requests[0].headers['last-event-id'], 'resume-41');
  assert.equal(server.requests[0].url, '/v1/events/stream?customer_id=c+1');
});

test('retryable answers back off, doubling; then the stream opens', async (t) => {
  const server = await startServer((req, res, body, i) => {
    if (i < 3) {
      json(res, 500, { title: 'Internal Server Error', status: 500 });
    } else {
      sse(res);
      res.write(event('e1'));
    }
  });
  t.after(() => server.close());
  const { stream, seen } = open(t, server, { retryMs: 40 });
  await until(() => seen.events.length === 1, 3000, 'the event');
  stream.close();
  const at = server.requests.map((r) => r.at);
  const gaps = [at[1] - at[0], at[2] - at[1], at[3] - at[2]];
  // 40, 80, 160 ms (timers fire no earlier than asked; a little slack for the clocks)
  assert.ok(gaps[0] >= 38 && gaps[1] >= 78 && gaps[2] >= 158, `gaps ${gaps}`);
  assert.ok(gaps[2] < 2000, `gaps ${gaps}`);
  assert.equal(seen.errors.length, 3);
  assert.ok(seen.errors.every((e) => e instanceof ClvApiError && e.status === 500));
});

test('a 503 waits as long as Retry-After says', async (t) => {
  const server = await startServer((req, res, body, i) => {
    if (i === 0) {
      json(res, 503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '1' });
    } else {
      sse(res);
    }
  });
  t.after(() => server.close());
  const { stream, seen } = open(t, server, { retryMs: 10 });
  await until(() => seen.opens === 1, 4000, 'the open');
  stream.close();
  const waited = server.requests[1].at - server.requests[0].at;
  assert.ok(waited >= 990, `waited ${waited} ms`);
  assert.equal(seen.errors[0].retryAfter, 1);
});

test('a 401 ends the stream with the typed error, without retrying', async (t) => {
  const server = await startServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'no credential' }));
  });
  t.after(() => server.close());
  const { stream, seen } = open(t, server, { retryMs: 10 });
  await until(() => seen.closes === 1, 3000, 'the close');
  await sleep(100);
  assert.equal(server.requests.length, 1);
  assert.equal(seen.errors.length, 1);
  assert.equal(seen.errors[0].status, 401);
  assert.equal(seen.errors[0].detail, 'no credential');
  assert.equal(stream.isClosed, true);
});

test('an answer that is not an event stream is not retried', async (t) => {
  const server = await startServer((req, res) => json(res, 200, { hello: 'world' }));
  t.after(() => server.close());
  const { seen } = open(t, server, { retryMs: 10 });
  await until(() => seen.closes === 1, 3000, 'the close');
  assert.equal(server.requests.length, 1);
  assert.match(seen.errors[0].detail, /expected text\/event-stream, got 'application\/json'/);
});

test('a silent connection (no heartbeat) is dropped after idleTimeoutMs and resumed', async (t) => {
  const server = await startServer((req, res, body, i) => {
    sse(res);
    if (i === 0) {
      res.write(event('e1')); // then nothing at all
    }
  });
  t.after(() => server.close());
  const { stream, seen } = open(t, server, { idleTimeoutMs: 150, retryMs: 10 });
  await until(() => server.requests.length === 2, 3000, 'the second connection');
  stream.close();
  assert.equal(server.requests[1].headers['last-event-id'], 'e1');
  assert.match(seen.errors[0].message, /nothing received for 150 ms/);
  const waited = server.requests[1].at - server.requests[0].at;
  assert.ok(waited >= 150, `reconnected after ${waited} ms`);
});

test('without an error listener a drop is a warning, not a crash', async (t) => {
  let n = 0;
  const server = await startServer((req, res, body, i) => {
    sse(res);
    if (i === 0) {
      res.socket.destroy();
    }
  });
  t.after(() => server.close());
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const api = new CustomerAnalytics({ baseUrl: server.url });
  const stream = api.createEventStream({ retryMs: 10 });
  t.after(() => stream.close());
  stream.on('open', () => n++);
  await until(() => n === 2, 3000, 'the reconnection');
  stream.close();
  await until(() => warnings.length > 0, 1000, 'the warning');
  assert.equal(warnings[0].name, 'ClvEventStreamWarning');
});
