import type { FieldError, ProblemDocument } from './types.js';

/**
 * An answer that was not 2xx. The platform answers every error with an RFC 9457 problem
 * (`application/problem+json`); its members are copied here. An answer that is not a problem (a proxy's HTML
 * page, say) still becomes a ClvApiError, with the status line's text as the title and the body's start as detail.
 */
export class ClvApiError extends Error {
  override readonly name = 'ClvApiError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** each offending field and why (bad input only); `[]` otherwise */
  readonly errors: FieldError[];
  /** seconds, from `Retry-After` (429, 503), when the server sent one */
  readonly retryAfter: number | undefined;
  /** the whole problem, members of one kind of problem included (e.g. a 503's `failed_rows`) */
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument, retryAfter?: number) {
    const title = problem.title ?? `HTTP ${status}`;
    super(problem.detail ? `${status} ${title}: ${problem.detail}` : `${status} ${title}`);
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = retryAfter;
    this.problem = problem;
  }

  /** The error of a non-2xx answer; reads (and so consumes) its body. */
  static async fromResponse(response: Response): Promise<ClvApiError> {
    const text = await response.text().catch(() => '');
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const contentType = response.headers.get('content-type') ?? '';
    let problem: ProblemDocument | undefined;
    if (/json/i.test(contentType) && text) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          problem = parsed as ProblemDocument;
        }
      } catch {
        // not JSON after all: treated as text below
      }
    }
    problem ??= { title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 500) || undefined };
    return new ClvApiError(response.status, problem, retryAfter);
  }
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value == null || value.trim() === '') {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
