import { BatchProcessor, type BatchProcessorOptions } from './batch.js';
import { ClvApiError } from './errors.js';
import { EventStream, type EventStreamOptions } from './stream.js';
import type {
  AnalyticsReportQuery,
  ApiAnswer,
  CreateSegmentRequest,
  CreateWebhookRequest,
  IngestResult,
  PageOptions,
  ReportData,
  Segment,
  SegmentMembersPage,
  TrackEventRequest,
  Webhook,
  WriteOptions,
} from './types.js';

export interface ClientOptions {
  /**
   * The gateway (`http://localhost:8080`, then `/v1` is added), or a base path on it: `…/v1`, or the customer
   * analytics API's own `…/customer-analytics/v1` (an alias of `/v1`).
   */
  baseUrl: string;
  /** an API key (`clv_…`), sent as `Authorization: Bearer` */
  apiKey?: string;
  /** an OIDC bearer token, or a function giving a fresh one for each request (e.g. one that refreshes it) */
  token?: string | (() => string | Promise<string>);
  /** per request (not for the event stream), default 30000 ms */
  timeoutMs?: number;
  /** another fetch (tests, proxies); default the global one */
  fetch?: typeof fetch;
}

interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The platform's client, with the method names of the customer analytics API (seed 003). Every method returns a
 * promise of the platform's answer; a non-2xx answer rejects with a {@link ClvApiError}.
 */
export class CustomerAnalytics {
  /** the base every path is resolved against, without a trailing slash (e.g. `http://localhost:8080/v1`) */
  readonly baseUrl: string;
  private readonly credential: ClientOptions['token'];
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions) {
    if (!options || !options.baseUrl) {
      throw new TypeError('baseUrl is required, e.g. http://localhost:8080');
    }
    const url = new URL(options.baseUrl);
    const path = url.pathname.replace(/\/+$/, '');
    this.baseUrl = url.origin + (path === '' ? '/v1' : path);
    this.credential = options.apiKey ?? options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** `POST /v1/events`: one behavioural event; without `timestamp` it happened when the request was received. */
  trackEvent(event: TrackEventRequest, options: WriteOptions = {}): Promise<IngestResult> {
    return this.write('/events', event, options);
  }

  /** `POST /v1/events/batch`: at most 1,000 events, each accepted or rejected on its own. */
  trackEvents(events: TrackEventRequest[], options: WriteOptions = {}): Promise<IngestResult> {
    return this.write('/events/batch', events, options);
  }

  /**
   * `POST /v1/segments`: flat criteria are stored as a rule tree. The answer has the members when the evaluation took
   * under half a second (201); otherwise it is a 202 whose `evaluation` shows the progress (see getSegment).
   */
  createSegment(segment: CreateSegmentRequest): Promise<Segment> {
    return this.request('POST', '/segments', { body: segment });
  }

  /** `GET /v1/segments`: the tenant's segments by name, with their member counts. */
  listSegments(): Promise<Segment[]> {
    return this.request('GET', '/segments');
  }

  /** `GET /v1/segments/{id}`: one segment, with its member count and its latest evaluation's progress. */
  getSegment(id: string): Promise<Segment> {
    return this.request('GET', `/segments/${encodeURIComponent(id)}`);
  }

  /** `DELETE /v1/segments/{id}` */
  async deleteSegment(id: string): Promise<void> {
    await this.request('DELETE', `/segments/${encodeURIComponent(id)}`);
  }

  /**
   * `GET /v1/segments/{id}/customers`: a page of current members. The platform's segment ids are UUIDs; given
   * anything else (the seed's `'high_value_segment'`), the segment of that name is looked up first.
   */
  async getSegmentCustomers(segment: string, page: PageOptions = {}): Promise<SegmentMembersPage> {
    const id = await this.segmentId(segment);
    return this.request('GET', `/segments/${encodeURIComponent(id)}/customers`, {
      query: { limit: page.limit, cursor: page.cursor },
    });
  }

  /** `GET /v1/reports/{report_type}`: one row per day, week or month of the window, empty periods included. */
  async getAnalyticsReports(query: AnalyticsReportQuery): Promise<ApiAnswer<ReportData>> {
    const { report_type: report, ...params } = query;
    if (!report) {
      throw new TypeError('report_type is required: acquisition, retention, engagement or revenue');
    }
    return this.request('GET', `/reports/${encodeURIComponent(report)}`, { query: { ...params } });
  }

  /** `POST /v1/webhooks`: the answer carries the signing secret (`whsec_…`), shown this once. */
  createWebhook(webhook: CreateWebhookRequest): Promise<Webhook> {
    return this.request('POST', '/webhooks', { body: webhook });
  }

  /** `GET /v1/webhooks`: the tenant's endpoints (without their secrets). */
  listWebhooks(): Promise<Webhook[]> {
    return this.request('GET', '/webhooks');
  }

  /** `DELETE /v1/webhooks/{id}` */
  async deleteWebhook(id: string): Promise<void> {
    await this.request('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  /** `GET /v1/events/stream`: the live stream as an EventEmitter of `customer_event` (scope analytics:read). */
  createEventStream(options: EventStreamOptions = {}): EventStream {
    const url = this.url('/events/stream', { event_type: options.event_type, customer_id: options.customer_id });
    return new EventStream(
      { url, headers: () => this.authHeaders(), fetch: (input, init) => this.fetchImpl(input, init) },
      options,
    );
  }

  /** Hands the live stream's events to `process(handler)` in batches, once per `interval`. */
  createBatchProcessor(options: BatchProcessorOptions): BatchProcessor {
    return new BatchProcessor((streamOptions) => this.createEventStream(streamOptions), options);
  }

  /** Any other call of the platform, relative to the base URL (`'/customers'`), with the client's credential. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.authHeaders()) };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await this.fetchImpl(this.url(path, options.query), {
      method,
      headers: { ...headers, ...options.headers },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) {
      throw await ClvApiError.fromResponse(response);
    }
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  private write(path: string, body: unknown, options: WriteOptions): Promise<IngestResult> {
    const headers: Record<string, string> = {};
    if (options.idempotencyKey) {
      headers['idempotency-key'] = options.idempotencyKey;
    }
    return this.request('POST', path, { body, headers, query: { wait: options.wait || undefined } });
  }

  private async segmentId(segment: string): Promise<string> {
    if (UUID.test(segment)) {
      return segment;
    }
    const found = (await this.listSegments()).find((s) => s.name === segment);
    if (!found) {
      throw new ClvApiError(404, {
        title: 'Not Found',
        detail: `No segment named '${segment}' (segment ids are UUIDs; names are looked up)`,
      });
    }
    return found.id;
  }

  private url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        url.searchParams.set(key, String(value));
      }
    }
    return url.toString();
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const credential = typeof this.credential === 'function' ? await this.credential() : this.credential;
    return credential ? { authorization: `Bearer ${credential}` } : {};
  }
}
