/**
 * Test archives written from scratch: tar headers by hand (ustar, GNU long names, pax, links, devices),
 * so the reader is checked against bytes laid out per the format rather than against our own writer's
 * habits; zips through jszip (an independent implementation).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';

export interface TarItem {
  name: string;
  data?: Uint8Array | string;
  /** '0' file (default), '1' hardlink, '2' symlink, '3' char device, '5' directory, '6' fifo. */
  type?: '0' | '1' | '2' | '3' | '5' | '6';
  linkName?: string;
  /** How a name longer than 100 bytes is written. */
  longName?: 'gnu' | 'pax' | 'ustar-prefix';
}

const enc = new TextEncoder();
const bytes = (d: Uint8Array | string | undefined): Uint8Array => (typeof d === 'string' ? enc.encode(d) : (d ?? new Uint8Array(0)));

function header(name: string, size: number, type: string, linkName = '', prefix = ''): Uint8Array {
  const h = new Uint8Array(512);
  const put = (at: number, text: string, len: number) => h.set(enc.encode(text).subarray(0, len), at);
  put(0, name, 100);
  put(100, '0000644\0', 8);
  put(108, '0001750\0', 8);
  put(116, '0001750\0', 8);
  put(124, `${size.toString(8).padStart(11, '0')}\0`, 12);
  put(136, '14712345670\0', 12);
  put(148, '        ', 8);
  put(156, type, 1);
  put(157, linkName, 100);
  put(257, 'ustar\0', 6);
  put(263, '00', 2);
  put(265, 'tester', 32);
  put(297, 'tester', 32);
  put(345, prefix, 155);
  const sum = h.reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `, 8);
  return h;
}

function padded(data: Uint8Array): Uint8Array[] {
  const pad = (512 - (data.length % 512)) % 512;
  return [data, new Uint8Array(pad)];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}

export function buildTar(items: TarItem[]): Buffer {
  const out: Uint8Array[] = [];
  for (const item of items) {
    const data = bytes(item.data);
    const type = item.type ?? '0';
    const size = type === '0' ? data.length : 0;
    let name = item.name;
    let prefix = '';
    if (enc.encode(name).length > 100) {
      if (item.longName === 'pax') {
        const pax = enc.encode(paxRecord('path', name));
        out.push(header('PaxHeader/long', pax.length, 'x'), ...padded(pax));
      } else if (item.longName === 'ustar-prefix') {
        const cut = name.lastIndexOf('/', 155);
        prefix = name.slice(0, cut);
        name = name.slice(cut + 1);
      } else {
        const long = enc.encode(`${name}\0`);
        out.push(header('././@LongLink', long.length, 'L'), ...padded(long));
      }
      if (item.longName !== 'ustar-prefix') name = name.slice(0, 100);
    }
    out.push(header(name, size, type, item.linkName, prefix));
    if (size > 0) out.push(...padded(data));
  }
  out.push(new Uint8Array(1024));
  return Buffer.concat(out);
}

export async function buildZip(items: { name: string; data: Uint8Array | string; store?: boolean; unixPermissions?: number; dir?: boolean }[]): Promise<Buffer> {
  const zip = new JSZip();
  for (const item of items) {
    if (item.dir) {
      zip.folder(item.name);
      continue;
    }
    zip.file(item.name, item.data, {
      compression: item.store ? 'STORE' : 'DEFLATE',
      createFolders: false,
      ...(item.unixPermissions !== undefined ? { unixPermissions: item.unixPermissions } : {}),
    });
  }
  const platform = items.some((i) => i.unixPermissions !== undefined) ? 'UNIX' : 'DOS';
  return zip.generateAsync({ type: 'nodebuffer', platform });
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
