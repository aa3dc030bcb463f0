/**
 * A parser of `text/event-stream` as the WHATWG HTML standard defines it ("Interpreting an event stream"), fed
 * chunk by chunk as they come off the network: a chunk may end anywhere, even between the CR and LF of a line end
 * or inside a multi-byte character.
 */

/** One dispatched message. */
export interface SseMessage {
  /** the `event:` field, `message` when there was none */
  event: string;
  /** the `data:` lines joined by LF */
  data: string;
  /** the last event ID as it stood when this message was dispatched (ids persist across messages) */
  lastEventId: string;
}

export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** a comment line (`: heartbeat`), without the colon and the one space after it */
  onComment?(text: string): void;
  /** a valid `retry:` field, in milliseconds */
  onRetry?(milliseconds: number): void;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  // a CR ended the previous chunk: a LF at the start of the next one belongs to that line end
  private pendingCr = false;
  private firstText = true;
  private data = '';
  private eventType = '';
  private lastId: string;

  constructor(private readonly handlers: SseHandlers, lastEventId = '') {
    this.lastId = lastEventId;
  }

  /** The last event ID buffer: what a reconnection sends as `Last-Event-ID`. */
  get lastEventId(): string {
    return this.lastId;
  }

  /** Feeds bytes off the wire (UTF-8, split anywhere). */
  feedBytes(chunk: Uint8Array): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** Feeds decoded text. */
  feed(text: string): void {
    if (text.length === 0) {
      return;
    }
    if (this.firstText) {
      this.firstText = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1); // one leading BOM is ignored
      }
    }
    let start = 0;
    if (this.pendingCr && text.startsWith('\n')) {
      start = 1;
    }
    this.pendingCr = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        continue;
      }
      const line = this.buffer + text.slice(start, i);
      this.buffer = '';
      if (c === 13) {
        if (i + 1 === text.length) {
          this.pendingCr = true;
        } else if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
      }
      start = i + 1;
      this.line(line);
    }
    this.buffer += text.slice(start);
  }

  /**
   * The stream ended: an incomplete message (no blank line after it) is discarded, as the standard says, and the
   * decoder is reset so the parser can read the next connection's stream; the last event ID is kept.
   */
  end(): void {
    this.decoder.decode();
    this.buffer = '';
    this.pendingCr = false;
    this.firstText = true;
    this.data = '';
    this.eventType = '';
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      this.handlers.onComment?.(line.slice(line.startsWith(': ') ? 2 : 1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += value + '\n';
        break;
      case 'id':
        // an id holding NUL is ignored (it could not be sent back in a header)
        if (!value.includes('\0')) {
          this.lastId = value;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.handlers.onRetry?.(Number(value));
        }
        break;
      default:
      // unknown fields are ignored
    }
  }

  private dispatch(): void {
    if (this.data === '') {
      // no data: nothing is dispatched, but an id seen meanwhile stays the last event ID
      this.eventType = '';
      return;
    }
    const message: SseMessage = {
      event: this.eventType === '' ? 'message' : this.eventType,
      data: this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data,
      lastEventId: this.lastId,
    };
    this.data = '';
    this.eventType = '';
    this.handlers.onMessage(message);
  }
}
