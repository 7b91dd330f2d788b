import { type ClientRequest, get, type IncomingHttpHeaders } from 'node:http';

/** One parsed Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** An open event stream read over real HTTP. */
export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Everything received so far, unparsed. */
  raw(): string;
  /** Resolves with the next event of that name (earlier events of other names are skipped). */
  next(name: string): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Disconnects like a closed browser tab. */
  close(): void;
}

/** Opens `url` (with extra request headers, if any) and parses the `event:`/`data:` blocks as they arrive. */
export function openStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    let request: ClientRequest | undefined;
    request = get(url, { headers }, (response) => {
      response.setEncoding('utf8');
      let raw = '';
      let pending = '';
      const queue: SseEvent[] = [];
      const waiters: Array<() => void> = [];
      let finished = false;
      const ended = new Promise<void>((done) => {
        const finish = () => {
          finished = true;
          done();
        };
        response.on('end', finish);
        response.on('close', finish);
      });
      response.on('error', () => {});
      response.on('data', (chunk: string) => {
        raw += chunk;
        pending += chunk;
        let cut = pending.indexOf('\n\n');
        while (cut >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          let event = '';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (event) queue.push({ event, data: JSON.parse(data.join('\n')) as unknown });
          cut = pending.indexOf('\n\n');
        }
        for (const wake of waiters.splice(0)) wake();
      });
      const next = async (name: string): Promise<SseEvent> => {
        for (;;) {
          const found = queue.shift();
          if (found?.event === name) return found;
          if (found) continue;
          if (finished) throw new Error(`stream ended before a "${name}" event`);
          await Promise.race([new Promise<void>((wake) => waiters.push(wake)), ended]);
        }
      };
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        raw: () => raw,
        next,
        ended,
        close: () => request?.destroy(),
      });
    });
    request.on('error', reject);
  });
}
