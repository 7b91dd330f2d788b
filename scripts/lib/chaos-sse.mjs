// A Server-Sent Events parser for fetch streams: Node 20 has no EventSource, and the stream's chunks may split
// lines (even a CRLF pair) anywhere.

/** @typedef {{ event: string, data: string, id: string | null, retry: number | null }} SseEvent */

/** Incremental SSE parser (WHATWG "event stream interpretation"): feed text, get complete events back. */
export class SseParser {
  constructor() {
    /** @private */ this.buffer = '';
    /** @private */ this.pendingCr = false;
    /** @private @type {string[]} */ this.data = [];
    /** @private */ this.eventType = '';
    /** @private @type {string | null} */ this.lastId = null;
    /** @private @type {number | null} */ this.retry = null;
  }

  /**
   * Feeds one decoded chunk; returns the events it completed.
   * @param {string} chunk
   * @returns {SseEvent[]}
   */
  feed(chunk) {
    /** @type {SseEvent[]} */
    const events = [];
    // An empty chunk (e.g. half a multi-byte character) must not forget a pending CR.
    if (chunk === '') return events;
    let text = chunk;
    // A chunk that ended in CR may be followed by the LF of the same line break.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /**
   * Handles one complete line; returns an event when the line was the blank one ending it.
   * @private
   * @param {string} line
   * @returns {SseEvent | null}
   */
  line(line) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }

  /**
   * @private
   * @returns {SseEvent | null}
   */
  dispatch() {
    const type = this.eventType || 'message';
    const hasData = this.data.length > 0;
    const data = this.data.join('\n');
    this.data = [];
    this.eventType = '';
    if (!hasData) return null;
    return { event: type, data, id: this.lastId, retry: this.retry };
  }
}

/**
 * Reads a byte stream (e.g. a fetch body) as SSE and calls `onEvent` for each event until the stream ends.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: SseEvent) => void} onEvent
 * @returns {Promise<void>}
 */
export async function readSse(body, onEvent) {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.feed(decoder.decode(value, { stream: true }))) onEvent(event);
    }
    // An event cut off by the end of the stream is dropped, as the SSE spec says.
    for (const event of parser.feed(decoder.decode())) onEvent(event);
  } finally {
    reader.releaseLock();
  }
}
