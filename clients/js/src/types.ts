/**
 * The platform's request and answer shapes, written by hand from the services' OpenAPI operations and the Java
 * records behind them (every JSON member is snake_case, the contracts' JsonCustomizer). Where the server may add
 * members later, the types stay open (an index signature or `Record<string, unknown>`), so a newer server never
 * breaks a compiled client.
 */

/** A JSON value as the platform sends it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------------------------
// Problems (contracts' Problem: RFC 9457 plus the Customer 360 error envelope)

/** One offending field of a request; `row` (1-based) for rows of a write. */
export interface FieldError {
  field: string;
  reason: string;
  row?: number;
}

/** An `application/problem+json` body. Members of one kind of problem (e.g. a 503's `failed_rows`) follow. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  success?: false;
  error_type?: string;
  error_message?: string;
  timestamp?: string;
  error_details?: { status_code: number };
  [member: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// Writes (ingestion-service: TrackResource, IngestResult)

/** `POST /v1/events`: one behavioural event. Custom data belongs in `properties`; other top-level members are refused. */
export interface TrackEventRequest {
  customer_id: string;
  event_type: string;
  /** ISO-8601 with offset, `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD` or epoch ms; absent: when the request was received. */
  timestamp?: string | number;
  /** Send one to make retries safe; generated when absent. */
  event_id?: string;
  session_id?: string;
  properties?: Record<string, Json>;
}

/** Fields the server filled in, e.g. the timestamp of events sent without one. */
export interface WriteDefaults {
  field: string;
  value: string;
  rows: number[];
}

/** The answer of every write: counts per row, the first row errors, and with `wait=true` whether it is queryable. */
export interface IngestResult {
  successful_rows: number;
  quarantined_rows: number;
  duplicate_rows: number;
  /** rows dropped because their customer's data was erased (newer servers only) */
  suppressed_rows?: number;
  errors?: FieldError[];
  defaults?: WriteDefaults[];
  queryable?: boolean;
  status_url?: string;
}

/** Options of a write. */
export interface WriteOptions {
  /** answer once the rows are queryable (200), or after 10 s with `queryable: false` (202) */
  wait?: boolean;
  /** a retry with the same key and body gets the first answer again */
  idempotencyKey?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Segments (segmentation-service: Segment, SegmentRequest, MembershipRepository.Member)

/** A rule tree node, or the customer analytics API's flat shorthand (`last_active_days`, `feature_usage_decline`). */
export type Criteria =
  | { all: Criteria[] }
  | { any: Criteria[] }
  | { not: Criteria }
  | { field: string; op: CriteriaOperator; value?: Json }
  | { event: string; within_days: number; op: CriteriaOperator; value: number }
  | { in_segment: string }
  | { last_active_days?: number; feature_usage_decline?: number };

export type CriteriaOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'contains' | 'exists';

/** `POST /v1/segments` */
export interface CreateSegmentRequest {
  name: string;
  description?: string;
  criteria: Criteria;
}

/** A segment as the API shows it: `criteria` is the stored rule tree (shorthand expanded). */
export interface Segment {
  id: string;
  name: string;
  description: string | null;
  criteria: Criteria;
  time_relative: boolean;
  member_count: number;
  created_at: string;
  updated_at: string;
  evaluated_at: string | null;
  /** The latest evaluation over every customer; null for segments saved before evaluations ran in the background. */
  evaluation: SegmentEvaluation | null;
}

/** A segment's evaluation over every customer, run in the background a chunk of customers at a time. */
export interface SegmentEvaluation {
  status: 'running' | 'done';
  customers_done: number;
  customers_total: number;
  progress: number;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  entered: number;
  exited: number;
  last_error: string | null;
}

/** One current member of a segment. */
export interface SegmentMember {
  customer_id: string;
  entered_at: string;
}

/** `GET /v1/segments/{id}/customers`: a page of members by customer id; `next_cursor` while there are more. */
export interface SegmentMembersPage {
  data: SegmentMember[];
  next_cursor?: string;
}

export interface PageOptions {
  /** 1..1000, default 100 */
  limit?: number;
  cursor?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Webhooks (segmentation-service: Webhook, WebhookRequest)

export type WebhookEventType = 'segment.customer_added' | 'segment.customer_removed' | 'model.trained';

/** `POST /v1/webhooks`: the URL must be public https (loopback http only where the platform allows it). */
export interface CreateWebhookRequest {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  status: string;
  disabled_reason?: string | null;
  disabled_at?: string | null;
  failing_since?: string | null;
  previous_secret_expires_at?: string | null;
  created_at: string;
  /** `whsec_…`, present in the answer to creation (and rotation) only */
  secret?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Analytics answers (analytics-service: ApiAnswer, AsOf, ReportsResource.ReportData)

/** How fresh an answer is. */
export interface AsOf {
  watermark: string | null;
  caught_up: boolean | null;
}

/** The envelope of every `/v1` analytics answer. */
export interface ApiAnswer<T> {
  success: boolean;
  message: string;
  timestamp: string;
  data: T;
  count: number | null;
  next_cursor?: string | null;
  as_of: AsOf;
}

export type ReportType = 'acquisition' | 'retention' | 'engagement' | 'revenue';

/** `getAnalyticsReports`: the seed's argument; dates are inclusive local days (`YYYY-MM-DD`). */
export interface AnalyticsReportQuery {
  report_type: ReportType;
  start_date?: string;
  end_date?: string;
  granularity?: 'day' | 'week' | 'month';
  /** IANA time zone, default UTC */
  timezone?: string;
}

/** One period of a report: `period` (its local first day), `period_start`, then the report's own figures. */
export interface ReportPeriod {
  period: string;
  period_start: string;
  [figure: string]: Json | undefined;
}

export interface ReportData {
  report: ReportType;
  timezone: string;
  granularity: 'day' | 'week' | 'month';
  start_date: string;
  end_date: string;
  /** the reporting currency (revenue only) */
  currency: string | null;
  missing_rates: string[] | null;
  periods: ReportPeriod[];
}

// ---------------------------------------------------------------------------------------------------------------
// The live event stream (GET /v1/events/stream, text/event-stream)

/** The `data` of a `customer_event` message. */
export interface CustomerEvent {
  event_id: string;
  event_type: string;
  customer_id: string;
  timestamp: string;
  properties: Record<string, Json>;
  session_id?: string | null;
  [member: string]: unknown;
}
