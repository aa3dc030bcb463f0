// The client's requests and its error mapping, against a real local HTTP server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ClvApiError, CustomerAnalytics, parseRetryAfter } from '../../dist/index.js';
import { json, startServer } from '../support/server.mjs';

const SEGMENT_ID = '0b6c2f8e-6f1d-4c53-9a55-3f5b8a6f0e01';
let server;
// what the next request answers: set per test
let answer = (req, res) => json(res, 200, {});

before(async () => {
  server = await startServer((req, res, body) => answer(req, res, body));
});
after(() => server.close());

function client(options = {}) {
  return new CustomerAnalytics({ baseUrl: server.url, apiKey: 'clv_test', ...options });
}

test('the base URL: the gateway root gets /v1, a base path is kept', () => {
  assert.equal(new CustomerAnalytics({ baseUrl: 'http://h:1' }).baseUrl, 'http://h:1/v1');
  assert.equal(new CustomerAnalytics({ baseUrl: 'http://h:1/' }).baseUrl, 'http://h:1/v1');
  assert.equal(
    new CustomerAnalytics({ baseUrl: 'https://h/customer-analytics/v1/' }).baseUrl,
    'https://h/customer-analytics/v1',
  );
  assert.throws(() => new CustomerAnalytics({}), TypeError);
});

test('trackEvent posts the seed body to /v1/events with the key as bearer', async () => {
  answer = (req, res) =>
    json(res, 202, { successful_rows: 1, quarantined_rows: 0, duplicate_rows: 0, errors: [] });
  const event = {
    customer_id: 'customer_123',
    event_type: 'purchase',
    properties: { order_id: 'order_789', amount: 99.99, items: ['product_1', 'product_2'] },
  };
  const result = await client().trackEvent(event, { wait: true, idempotencyKey: 'k-1' });
  assert.deepEqual(result, { successful_rows: 1, quarantined_rows: 0, duplicate_rows: 0, errors: [] });
  const sent = server.requests.at(-1);
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/v1/events?wait=true');
  assert.equal(sent.headers.authorization, 'Bearer clv_test');
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.equal(sent.headers['idempotency-key'], 'k-1');
  assert.deepEqual(JSON.parse(sent.body), event);
});

test('a token function is asked for each request', async () => {
  answer = (req, res) => json(res, 201, { id: SEGMENT_ID });
  let n = 0;
  const api = new CustomerAnalytics({ baseUrl: `${server.url}/customer-analytics/v1`, token: async () => `t${++n}` });
  await api.createSegment({ name: 'x', criteria: { last_active_days: 30 } });
  await api.createWebhook({ url: 'https://your-app.com/hooks', events: ['segment.customer_added'] });
  const [a, b] = server.requests.slice(-2);
  assert.deepEqual([a.url, a.headers.authorization], ['/customer-analytics/v1/segments', 'Bearer t1']);
  assert.deepEqual([b.url, b.headers.authorization], ['/customer-analytics/v1/webhooks', 'Bearer t2']);
  assert.deepEqual(JSON.parse(b.body), { url: 'https://your-app.com/hooks', events: ['segment.customer_added'] });
});

test('getAnalyticsReports puts the report type in the path and the rest in the query', async () => {
  answer = (req, res) => json(res, 200, { success: true, data: { periods: [] }, count: 0 });
  const report = await client().getAnalyticsReports({
    report_type: 'engagement',
    start_date: '2024-01-01',
    end_date: '2024-01-31',
  });
  assert.equal(server.requests.at(-1).url, '/v1/reports/engagement?start_date=2024-01-01&end_date=2024-01-31');
  assert.equal(report.count, 0);
  await assert.rejects(client().getAnalyticsReports({}), TypeError);
});

test('getSegmentCustomers takes an id, or a name it looks up', async () => {
  answer = (req, res) =>
    req.url === '/v1/segments'
      ? json(res, 200, [{ id: SEGMENT_ID, name: 'high_value_segment' }])
      : json(res, 200, { data: [{ customer_id: 'c1', entered_at: '2024-01-02T00:00:00Z' }] });
  const page = await client().getSegmentCustomers('high_value_segment', { limit: 10 });
  assert.deepEqual(page.data, [{ customer_id: 'c1', entered_at: '2024-01-02T00:00:00Z' }]);
  assert.deepEqual(
    server.requests.slice(-2).map((r) => r.url),
    ['/v1/segments', `/v1/segments/${SEGMENT_ID}/customers?limit=10`],
  );

  await client().getSegmentCustomers(SEGMENT_ID.toUpperCase());
  assert.equal(server.requests.at(-1).url, `/v1/segments/${SEGMENT_ID.toUpperCase()}/customers`);

  const missing = await client().getSegmentCustomers('no_such_segment').catch((e) => e);
  assert.ok(missing instanceof ClvApiError);
  assert.equal(missing.status, 404);
});

test('a problem+json answer becomes a ClvApiError with its members', async () => {
  const problem = {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'event_type: required',
    instance: '/v1/events',
    errors: [{ field: 'event_type', reason: 'required' }],
    success: false,
    error_type: 'BadRequest',
    error_message: 'event_type: required',
    timestamp: '2024-01-20T14:22:00Z',
    error_details: { status_code: 400 },
  };
  answer = (req, res) => {
    res.writeHead(400, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify(problem));
  };
  const error = await client().trackEvent({ customer_id: 'c' }).catch((e) => e);
  assert.ok(error instanceof ClvApiError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'ClvApiError');
  assert.equal(error.status, 400);
  assert.equal(error.title, 'Bad Request');
  assert.equal(error.detail, 'event_type: required');
  assert.equal(error.instance, '/v1/events');
  assert.deepEqual(error.errors, [{ field: 'event_type', reason: 'required' }]);
  assert.equal(error.message, '400 Bad Request: event_type: required');
  assert.deepEqual(error.problem, problem);
  assert.equal(error.retryAfter, undefined);
});

test('a 503 keeps Retry-After and the members of its kind of problem', async () => {
  answer = (req, res) => {
    res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' });
    res.end(JSON.stringify({ title: 'Service Unavailable', status: 503, successful_rows: 1, failed_rows: [2] }));
  };
  const error = await client().trackEvents([{}, {}]).catch((e) => e);
  assert.equal(error.status, 503);
  assert.equal(error.retryAfter, 5);
  assert.deepEqual(error.problem.failed_rows, [2]);
  assert.deepEqual(error.errors, []);
  assert.equal(error.detail, undefined);
});

test('an answer that is not a problem still becomes a ClvApiError', async () => {
  answer = (req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<h1>bad gateway</h1>');
  };
  const error = await client().listSegments().catch((e) => e);
  assert.equal(error.status, 502);
  assert.equal(error.title, 'Bad Gateway');
  assert.equal(error.detail, '<h1>bad gateway</h1>');
  assert.equal(error.type, 'about:blank');
});

test('a 204 answers undefined', async () => {
  answer = (req, res) => {
    res.writeHead(204);
    res.end();
  };
  assert.equal(await client().deleteWebhook('w-1'), undefined);
  assert.deepEqual([server.requests.at(-1).method, server.requests.at(-1).url], ['DELETE', '/v1/webhooks/w-1']);
});

test('Retry-After as seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('120'), 120);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'), 0); // in the past
  assert.equal(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString()) >= 9, true);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});
