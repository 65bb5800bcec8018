/** A tiny server-sent-events reader for tests: waits on what arrives, never on time. */
import { request, type IncomingMessage } from 'node:http';

export interface SseReader {
  nextEvent(): Promise<unknown>;
  waitForComment(text: string): Promise<void>;
  close(): void;
}

export function readSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const events: unknown[] = [];
    const comments: string[] = [];
    let wake: (() => void) | null = null;
    let buffer = '';
    const req = request(url, { headers }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffer += d;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
            else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          }
        }
        wake?.();
      });
      const until = async (ready: () => boolean) => {
        while (!ready()) await new Promise<void>((w) => (wake = w));
      };
      resolve({
        async nextEvent() {
          await until(() => events.length > 0);
          return events.shift();
        },
        async waitForComment(text) {
          await until(() => comments.includes(text));
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.end();
  });
}
