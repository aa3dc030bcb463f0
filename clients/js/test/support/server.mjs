// A real HTTP server on a free loopback port for the tests, recording every request it gets.
import { once } from 'node:events';
import http from 'node:http';

/**
 * Starts a server whose requests go to `handler(req, res, body, index)` (index counts from 0).
 * Returns { url, requests, close }; `requests` holds { method, url, headers, body, at } per request.
 */
export async function startServer(handler) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) {
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const index = requests.length;
    requests.push({ method: req.method, url: req.url, headers: req.headers, body, at: performance.now() });
    await handler(req, res, body, index);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Answers JSON with a status and optional headers. */
export function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts an event stream answer. */
export function sse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** Resolves when `predicate()` holds, checking every 5 ms; rejects after `ms`. */
export async function until(predicate, ms = 3000, what = 'condition') {
  const end = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves when the async `predicate()` holds, asking every 500 ms; rejects after `ms`. */
export async function poll(predicate, ms, what) {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await sleep(500);
  }
}
