/**
 * Writes Guacamole instructions (keyframe preludes, exports). Lengths count code points, as guacd
 * writes them: a surrogate pair is one, so `12.Tést 😀 title` and not 13.
 */

export function encodeInstruction(opcode: string, args: readonly (string | number)[]): string {
  let out = encodeElement(opcode);
  for (const arg of args) out += `,${encodeElement(typeof arg === 'number' ? String(arg) : arg)}`;
  return `${out};`;
}

function encodeElement(value: string): string {
  return `${codePointLength(value)}.${value}`;
}

/** UTF-16 length minus one for every high surrogate followed by a low one. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const u = text.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length--;
      i++;
    }
  }
  return length;
}
