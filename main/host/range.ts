/**
 * HTTP Range handling for media, shared by the Electron `app:` protocol and the web host.
 * We answer ranges ourselves because `net.fetch(file:)` breaks video seeking (Electron issue #38749).
 * Only single ranges are honoured; a multi-range or malformed header is ignored (RFC 9110 allows a server
 * to answer 200 with the whole body instead).
 */

export type RangeAnswer =
  | { status: 200; start: 0; endInclusive: number; lengthBytes: number }
  | { status: 206; start: number; endInclusive: number; lengthBytes: number }
  | { status: 416 };

export function resolveRange(header: string | null | undefined, sizeBytes: number): RangeAnswer {
  const whole: RangeAnswer = { status: 200, start: 0, endInclusive: sizeBytes - 1, lengthBytes: sizeBytes };
  if (!header) return whole;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return whole;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return whole;
  let start: number;
  let end: number;
  if (first === '') {
    // Suffix range: the last N bytes.
    const suffixBytes = Number(last);
    if (suffixBytes === 0 || sizeBytes === 0) return { status: 416 };
    start = Math.max(0, sizeBytes - suffixBytes);
    end = sizeBytes - 1;
  } else {
    start = Number(first);
    end = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
    if (last !== '' && Number(last) < start) return whole;
    if (start >= sizeBytes) return { status: 416 };
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { status: 416 };
  return { status: 206, start, endInclusive: end, lengthBytes: end - start + 1 };
}

/** Response headers for an answer (without the body). */
export function rangeHeaders(answer: RangeAnswer, sizeBytes: number, contentType: string): Record<string, string> {
  if (answer.status === 416) return { 'Content-Range': `bytes */${sizeBytes}`, 'Accept-Ranges': 'bytes' };
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(answer.lengthBytes),
    'Accept-Ranges': 'bytes',
  };
  if (answer.status === 206) headers['Content-Range'] = `bytes ${answer.start}-${answer.endInclusive}/${sizeBytes}`;
  return headers;
}

/**
 * Where an answer's bytes lie in the file, for media that is a run of bytes inside it (a clip stored in a
 * tar or zip, served in place): ranges are relative to the run, reads are not.
 */
export function fileSpan(answer: Exclude<RangeAnswer, { status: 416 }>, offsetBytes: number): { start: number; endInclusive: number } {
  return { start: offsetBytes + answer.start, endInclusive: offsetBytes + answer.endInclusive };
}
