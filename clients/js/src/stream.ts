import { EventEmitter } from 'node:events';

import { ClvApiError } from './errors.js';
import { SseParser, type SseMessage } from './sse.js';
import type { CustomerEvent } from './types.js';

/** Options of `createEventStream`. */
export interface EventStreamOptions {
  /** only events of this type (the server filters) */
  event_type?: string;
  /** only this customer's events (the server filters) */
  customer_id?: string;
  /** resume after this event id (sent as `Last-Event-ID` on the first connection too) */
  lastEventId?: string;
  /** first reconnection delay in ms, default 1000; a `retry:` field from the server replaces it */
  retryMs?: number;
  /** the delay doubles after each failed attempt up to this, default 30000 */
  maxRetryMs?: number;
  /** reconnect when nothing (not even a heartbeat, sent every ~15 s) came for this long, default 45000 */
  idleTimeoutMs?: number;
}

/** What the stream needs from the client: where to connect, with which headers, by which fetch. */
export interface StreamConnector {
  url: string;
  headers(): Promise<Record<string, string>>;
  fetch: typeof fetch;
}

// answers worth trying again; any other non-200 ends the stream (a 401 or 403 will not heal by waiting)
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The live event stream (`GET /v1/events/stream`, Server-Sent Events) as an EventEmitter. Node has no
 * EventSource, so this reads the stream over fetch and parses it with {@link SseParser}; after a drop it
 * reconnects with `Last-Event-ID`, waiting `retry` ms, doubling up to `maxRetryMs`.
 *
 * Events: `open` (each connection), `customer_event` (the parsed data, then `{id}`), `message` (every SSE message),
 * `error` (a drop, an unreadable message, or the error that ended the stream), `close` (once, after `close()` or
 * a final error). Unlike a plain EventEmitter, an `error` without a listener does not throw: it becomes a process
 * warning, so a script that listens only to `customer_event` (as the seed's example does) survives a network blip.
 */
export class EventStream extends EventEmitter {
  private readonly parser: SseParser;
  private readonly maxRetryMs: number;
  private readonly idleTimeoutMs: number;
  private retryMs: number;
  private closed = false;
  private controller: AbortController | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly connector: StreamConnector, options: EventStreamOptions = {}) {
    super();
    this.retryMs = options.retryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    this.parser = new SseParser(
      {
        onMessage: (message) => this.message(message),
        onRetry: (ms) => {
          this.retryMs = ms;
        },
      },
      options.lastEventId ?? '',
    );
    // start once the caller had a chance to attach listeners
    queueMicrotask(() => void this.run());
  }

  /** The id of the last event received: where a new stream would resume. */
  get lastEventId(): string {
    return this.parser.lastEventId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops reading and reconnecting; emits `close`. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.controller?.abort();
    this.wakeUp?.();
    clearTimeout(this.idleTimer);
    this.emit('close');
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.closed) {
      let delay: number | undefined;
      try {
        const opened = await this.connect();
        if (opened) {
          attempt = 0;
        }
      } catch (error) {
        if (this.closed) {
          return;
        }
        if (error instanceof ClvApiError && !RETRYABLE.has(error.status)) {
          this.report(error);
          this.close();
          return;
        }
        if (error instanceof ClvApiError && error.retryAfter !== undefined) {
          delay = error.retryAfter * 1000;
        }
        this.report(error);
      } finally {
        clearTimeout(this.idleTimer);
        this.parser.end();
      }
      if (this.closed) {
        return;
      }
      attempt++;
      await this.sleep(delay ?? Math.min(this.maxRetryMs, this.retryMs * 2 ** (attempt - 1)));
    }
  }

  /** One connection, read to its end. True if it was opened (a 200 with an event stream). */
  private async connect(): Promise<boolean> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = {
      ...(await this.connector.headers()),
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    if (this.parser.lastEventId !== '') {
      headers['last-event-id'] = this.parser.lastEventId;
    }
    this.armIdle(controller);
    const response = await this.connector.fetch(this.connector.url, { headers, signal: controller.signal });
    if (response.status !== 200) {
      throw await ClvApiError.fromResponse(response);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.toLowerCase().startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel();
      // not an event stream: nothing to retry (WHATWG "fail the connection")
      throw new ClvApiError(response.status, {
        title: 'Not an event stream',
        detail: `expected text/event-stream, got '${type}'`,
      });
    }
    this.emit('open');
    const reader = response.body.getReader();
    try {
      for (;;) {
        this.armIdle(controller);
        const { done, value } = await reader.read();
        if (done || this.closed) {
          return true;
        }
        this.parser.feedBytes(value);
      }
    } finally {
      reader.releaseLock();
    }
  }

  private message(message: SseMessage): void {
    this.emit('message', message);
    if (message.event !== 'customer_event') {
      return;
    }
    let event: CustomerEvent;
    try {
      event = JSON.parse(message.data) as CustomerEvent;
    } catch {
      this.report(new Error(`customer_event ${message.lastEventId}: data is not JSON: ${message.data.slice(0, 200)}`));
      return;
    }
    this.emit('customer_event', event, { id: message.lastEventId });
  }

  // a silent connection (no heartbeat) may be half-open: abort it, and the loop reconnects
  private armIdle(controller: AbortController): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(
      () => controller.abort(new Error(`nothing received for ${this.idleTimeoutMs} ms`)),
      this.idleTimeoutMs,
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private report(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.listenerCount('error') > 0) {
      this.emit('error', err);
    } else {
      process.emitWarning(`event stream: ${err.message}`, 'ClvEventStreamWarning');
    }
  }
}
