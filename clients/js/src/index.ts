/**
 * @clv/client: the CLV platform's TypeScript/JavaScript client, with the method names of the customer analytics
 * API (seed 003). No runtime dependencies: Node's fetch, node:events and a hand-written Server-Sent Events parser.
 */
export { CustomerAnalytics, type ClientOptions } from './client.js';
export { ClvApiError, parseRetryAfter } from './errors.js';
export { EventStream, type EventStreamOptions } from './stream.js';
export { BatchProcessor, type BatchProcessorOptions, type BatchHandler } from './batch.js';
export { SseParser, type SseMessage, type SseHandlers } from './sse.js';
export { parseInterval } from './interval.js';
export { verifyWebhook } from './webhooks.js';
export type * from './types.js';

export { CustomerAnalytics as default } from './client.js';
