/**
 * worker_threads entry of the search helper (built to out/main/search-worker.js; see
 * terminal/search-helper.ts). An entry of its own, not the session worker's bundle, so the thread holds
 * little besides the text it is given.
 */
import { parentPort } from 'node:worker_threads';
import { serveSearch } from './terminal/search-thread';

if (parentPort) serveSearch(parentPort);
