// The SSE parser against streams written by hand, each expectation worked out from the WHATWG rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SseParser } from '../../dist/index.js';

/** Feeds the chunks and returns what came out. */
function parse(chunks, lastEventId = '') {
  const out = { messages: [], comments: [], retries: [] };
  const parser = new SseParser(
    {
      onMessage: (m) => out.messages.push(m),
      onComment: (c) => out.comments.push(c),
      onRetry: (r) => out.retries.push(r),
    },
    lastEventId,
  );
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      parser.feed(chunk);
    } else {
      parser.feedBytes(chunk);
    }
  }
  out.parser = parser;
  return out;
}

test('a message split mid-field and mid-value across chunks', () => {
  const { messages } = parse(['id: 1\nevent: custo', 'mer_event\nda', 'ta: {"a":', '1}\n', '\n']);
  assert.deepEqual(messages, [{ event: 'customer_event', data: '{"a":1}', lastEventId: '1' }]);
});

test('a CRLF split between two chunks is one line end, not two', () => {
  // read as CR + LF apart, the LF would be a blank line dispatching "a" alone
  const { messages } = parse(['data: a\r', '\ndata: b\r\n\r', '\n']);
  assert.deepEqual(messages, [{ event: 'message', data: 'a\nb', lastEventId: '' }]);
});

test('CR alone and CRLF end lines too', () => {
  const { messages } = parse(['data: x\rdata: y\r\r', 'data: z\r\n\r\n']);
  assert.deepEqual(
    messages.map((m) => m.data),
    ['x\ny', 'z'],
  );
});

test('multi-line data: lines joined by LF, one leading space stripped, the last LF removed', () => {
  // buffer: "first\n" + "second\n" + " third\n" + "\n" (a bare "data" line adds an empty line) -> drop last LF
  const { messages } = parse(['data: first\ndata:second\ndata:  third\ndata\n\n']);
  assert.equal(messages.length, 1);
  assert.equal(messages[0].data, 'first\nsecond\n third\n');
});

test('comments are reported and dispatch nothing', () => {
  const { messages, comments } = parse([': heartbeat\n:no-space\n\n: heartbeat\n\n']);
  assert.deepEqual(messages, []);
  assert.deepEqual(comments, ['heartbeat', 'no-space', 'heartbeat']);
});

test('an id without data sets the last event id and dispatches nothing', () => {
  const { messages, parser } = parse(['id: 42\n\n']);
  assert.deepEqual(messages, []);
  assert.equal(parser.lastEventId, '42');
  parser.feed('data: x\n\n');
  assert.deepEqual(messages, [{ event: 'message', data: 'x', lastEventId: '42' }]);
  parser.feed('id\n\n'); // an empty id resets it
  assert.equal(parser.lastEventId, '');
  parser.feed('id: a\0b\n\n'); // an id with NUL is ignored
  assert.equal(parser.lastEventId, '');
});

test('the id given at start is kept until the stream names another', () => {
  const { messages, parser } = parse(['data: one\n\nid: 7\ndata: two\n\n'], 'resume-6');
  assert.deepEqual(
    messages.map((m) => m.lastEventId),
    ['resume-6', '7'],
  );
  assert.equal(parser.lastEventId, '7');
});

test('retry takes ASCII digits only', () => {
  const { retries, messages } = parse(['retry: 2500\nretry: 2.5s\nretry:300\nretry:  100\nretry\n\n']);
  assert.deepEqual(retries, [2500, 300]);
  assert.deepEqual(messages, []);
});

test('the event type falls back to "message" and resets after each blank line', () => {
  const { messages } = parse(['event: a\ndata: 1\n\ndata: 2\n\nevent: lost\n\ndata: 3\n\n']);
  assert.deepEqual(
    messages.map((m) => [m.event, m.data]),
    [
      ['a', '1'],
      ['message', '2'],
      ['message', '3'],
    ],
  );
});

test('unknown fields are ignored; "data:" strips only one space', () => {
  const { messages } = parse(['foo: bar\nevent:customer_event\ndata:  two spaces\n\n']);
  assert.deepEqual(messages, [{ event: 'customer_event', data: ' two spaces', lastEventId: '' }]);
});

test('UTF-8 split inside characters, with a leading BOM', () => {
  const bytes = new TextEncoder().encode('\uFEFFdata: é€😀\n\n');
  const { messages } = parse([...bytes].map((b) => Uint8Array.of(b)));
  assert.deepEqual(messages, [{ event: 'message', data: 'é€😀', lastEventId: '' }]);
});

test('an incomplete message at the end of a stream is discarded; the last id stays', () => {
  const { messages, parser } = parse(['id: 9\ndata: partial\n']);
  parser.end();
  parser.feed('data: next\n\n');
  assert.deepEqual(messages, [{ event: 'message', data: 'next', lastEventId: '9' }]);
});

test('an empty chunk after a trailing CR keeps the CR pending', () => {
  const { messages } = parse(['data: a\r', '', '\ndata: b\n\n']);
  assert.deepEqual(
    messages.map((m) => m.data),
    ['a\nb'],
  );
});
