/**
 * What the search helper's thread does (its entry is main/core/search-worker.ts; see search-helper.ts):
 * keeps the text blocks it is given and answers searches and transcript lines over them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SearchRequest } from '../../../shared/model';
import { blockLines, scanBlocks, scannerFor, type PartResult, type TextBlock } from './text-index';

/** What the session's thread posts to the helper, in order: all blocks, then requests. */
export type HelperRequest =
  | { type: 'block'; block: TextBlock }
  | { type: 'search'; callId: number; req: SearchRequest; limit: number }
  | { type: 'lines'; callId: number; from: number; count: number };

export type HelperReply = { callId: number; ok: true; part?: PartResult; lines?: string[] } | { callId: number; ok: false; message: string };

/** The helper's answer to a block: it is stored, send the next (callId of no call). */
export const BLOCK_STORED: HelperReply = { callId: -1, ok: true };

/** Answers `port`'s requests over the blocks posted to it (also run in-process by tests). */
export function serveSearch(port: Pick<MessagePort, 'on' | 'postMessage'>): void {
  const blocks: TextBlock[] = [];
  port.on('message', (m: HelperRequest) => {
    if (m.type === 'block') {
      blocks.push(m.block);
      port.postMessage(BLOCK_STORED);
      return;
    }
    let reply: HelperReply;
    try {
      reply =
        m.type === 'search'
          ? { callId: m.callId, ok: true, part: scanBlocks(blocks, scannerFor(m.req), m.limit) }
          : { callId: m.callId, ok: true, lines: blockLines(blocks, m.from, m.count) };
    } catch (e) {
      reply = { callId: m.callId, ok: false, message: (e as Error).message };
    }
    port.postMessage(reply);
  });
}
