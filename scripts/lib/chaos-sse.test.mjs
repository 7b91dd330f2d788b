import { describe, expect, test } from 'vitest';
import { readSse, SseParser } from './chaos-sse.mjs';

const STREAM =
  'retry: 2000\r\n\r\n' +
  ': a comment\n\n' +
  'event: snapshot\r\ndata: {"a":1}\r\n\r\n' +
  'event: transition\ndata: line one\ndata:line two\nid: 7\n\n' +
  'data\n\n' +
  'event: empty\n\n' +
  'data: plain\r\r';

const EXPECTED = [
  { event: 'snapshot', data: '{"a":1}', id: null, retry: 2000 },
  { event: 'transition', data: 'line one\nline two', id: '7', retry: 2000 },
  { event: 'message', data: '', id: '7', retry: 2000 },
  { event: 'message', data: 'plain', id: '7', retry: 2000 },
];

/**
 * Feeds the text in the given chunks and collects the events.
 * @param {string[]} chunks
 */
function parseChunks(chunks) {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.feed(c));
}

describe('SseParser', () => {
  test('parses a whole stream: fields, multi-line data, comments, CR, LF and CRLF line ends', () => {
    expect(parseChunks([STREAM])).toEqual(EXPECTED);
  });

  test('gives the same events wherever the stream is cut in two', () => {
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      expect(parseChunks([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    }
  });

  test('gives the same events when fed one character at a time', () => {
    expect(parseChunks([...STREAM])).toEqual(EXPECTED);
  });

  test('a CRLF split between chunks ends one line, not two', () => {
    expect(parseChunks(['data: x\r', '\ndata: y\r', '\n\r', '\n'])).toEqual([
      { event: 'message', data: 'x\ny', id: null, retry: null },
    ]);
  });
});

describe('readSse', () => {
  test('reads a byte stream, joining multi-byte characters split across chunks, and drops a cut-off event', async () => {
    const bytes = new TextEncoder().encode('event: transition\ndata: closed → open\n\ndata: unfinished');
    const arrow = bytes.indexOf(0x86); // inside the three bytes of "→"
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, arrow));
        controller.enqueue(bytes.slice(arrow));
        controller.close();
      },
    });
    /** @type {import('./chaos-sse.mjs').SseEvent[]} */
    const events = [];
    await readSse(body, (e) => events.push(e));
    expect(events).toEqual([{ event: 'transition', data: 'closed → open', id: null, retry: null }]);
  });
});
