import { EventEmitter } from 'node:events';

import { parseInterval } from './interval.js';
import type { EventStream, EventStreamOptions } from './stream.js';
import type { CustomerEvent } from './types.js';

/** Options of `createBatchProcessor`: the seed's `{interval, events}`, and a few of the platform's own. */
export interface BatchProcessorOptions {
  /** how often a batch is handed over: `'1hour'`, `'15min'`, `'10s'`, `'500ms'`, or milliseconds */
  interval: string | number;
  /** the event types to collect; every type when absent or empty */
  events?: string[];
  /** only this customer's events */
  customer_id?: string;
  /** hand a batch over as soon as it holds this many events, without waiting for the interval */
  maxBatchSize?: number;
  /** passed to the underlying event stream (reconnection delays, resume point) */
  stream?: Omit<EventStreamOptions, 'event_type' | 'customer_id'>;
}

export type BatchHandler = (events: CustomerEvent[]) => unknown;

/**
 * Collects the live stream's events (see {@link EventStream}) and hands them to the handlers given to
 * `process()` once per interval, as one array in arrival order; an interval without events hands nothing over.
 * Batches are handed over one at a time: the next waits until every handler of the previous one has settled.
 * A handler that throws (or rejects) is reported as `error`, and its batch is not handed over again: delivery is
 * at most once, so a handler that must not lose events should keep them itself before doing slow work.
 *
 * Events: `batch` (each batch, after its handlers), `error`, `close`.
 */
export class BatchProcessor extends EventEmitter {
  readonly intervalMs: number;
  private readonly types: Set<string> | undefined;
  private readonly handlers: BatchHandler[] = [];
  private buffer: CustomerEvent[] = [];
  private stream: EventStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly openStream: (options: EventStreamOptions) => EventStream,
    private readonly options: BatchProcessorOptions,
  ) {
    super();
    this.intervalMs = parseInterval(options.interval);
    this.types = options.events && options.events.length > 0 ? new Set(options.events) : undefined;
    if (options.maxBatchSize !== undefined && !(options.maxBatchSize >= 1)) {
      throw new TypeError(`maxBatchSize must be at least 1, got ${options.maxBatchSize}`);
    }
  }

  /** Adds a handler of batches and starts collecting (the first call does). Returns this processor. */
  process(handler: BatchHandler): this {
    if (this.stopped) {
      throw new Error('this batch processor was stopped');
    }
    this.handlers.push(handler);
    if (!this.stream) {
      this.start();
    }
    return this;
  }

  /** Hands over what was collected so far now; resolves when its handlers have settled. */
  flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.chain = this.chain.then(() => this.handOver(batch));
    }
    return this.chain;
  }

  /** Stops collecting, hands over what was collected, and resolves when every handler has settled. */
  async stop(): Promise<void> {
    if (this.stopped) {
      return this.chain;
    }
    this.stopped = true;
    clearInterval(this.timer);
    this.stream?.close();
    await this.flush();
    this.emit('close');
  }

  private start(): void {
    // the stream filters one type on the server; several are filtered here
    const single = this.types && this.types.size === 1 ? [...this.types][0] : undefined;
    const streamOptions: EventStreamOptions = { ...this.options.stream };
    if (single !== undefined) {
      streamOptions.event_type = single;
    }
    if (this.options.customer_id !== undefined) {
      streamOptions.customer_id = this.options.customer_id;
    }
    this.stream = this.openStream(streamOptions);
    this.stream.on('customer_event', (event: CustomerEvent) => this.collect(event));
    this.stream.on('error', (error: Error) => this.report(error));
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
  }

  private collect(event: CustomerEvent): void {
    if (this.stopped || (this.types && !this.types.has(event.event_type))) {
      return;
    }
    this.buffer.push(event);
    if (this.options.maxBatchSize !== undefined && this.buffer.length >= this.options.maxBatchSize) {
      void this.flush();
    }
  }

  private async handOver(batch: CustomerEvent[]): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler(batch);
      } catch (error) {
        this.report(error);
      }
    }
    this.emit('batch', batch);
  }

  private report(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.listenerCount('error') > 0) {
      this.emit('error', err);
    } else {
      process.emitWarning(`batch processor: ${err.message}`, 'ClvBatchProcessorWarning');
    }
  }
}
