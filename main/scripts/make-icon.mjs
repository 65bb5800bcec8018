#!/usr/bin/env node
// Draws Trailview's icon (a play triangle above a timeline "trail" with its playhead) as
// resources/icon.svg and, rasterised here with node:zlib only, resources/icon.png (512x512 RGBA).
// Run again after changing the shapes: `node main/scripts/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 512;
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');

const BG_TOP = [0x23, 0x2a, 0x38];
const BG_BOTTOM = [0x12, 0x16, 0x1e];
const ACCENT = [0x3d, 0xdc, 0x97];
const TRACK = [0x3a, 0x43, 0x55];
const LIGHT = [0xf2, 0xf5, 0xf8];

// Geometry in a 512 box, shared by the SVG and the rasteriser.
const frame = { x: 24, y: 24, w: 464, h: 464, r: 104 };
const play = [[196, 132], [196, 308], [348, 220]];
const track = { x: 104, y: 372, w: 304, h: 20, r: 10 };
const done = { x: 104, y: 372, w: 196, h: 20, r: 10 };
const head = { cx: 300, cy: 382, r: 28 };

function inRoundRect(px, py, { x, y, w, h, r }) {
  if (px < x || px > x + w || py < y || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function inTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  const side = (x1, y1, x2, y2) => (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

const inCircle = (px, py, { cx, cy, r }) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r;

/** Colour (RGBA 0..255) at a point: painter's order, later shapes on top. */
function sample(px, py) {
  if (!inRoundRect(px, py, frame)) return [0, 0, 0, 0];
  const t = (py - frame.y) / frame.h;
  let c = BG_TOP.map((v, i) => v + (BG_BOTTOM[i] - v) * t);
  if (inTriangle(px, py, play)) c = ACCENT;
  if (inRoundRect(px, py, track)) c = TRACK;
  if (inRoundRect(px, py, done)) c = ACCENT;
  if (inCircle(px, py, head)) c = LIGHT;
  if (inCircle(px, py, { ...head, r: head.r - 10 })) c = ACCENT;
  return [...c, 255];
}

function rasterise() {
  const SS = 4; // 4x4 supersampling for smooth edges
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const [r, g, b, a] = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          // Premultiply so transparent samples do not darken edges.
          acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a;
        }
      }
      const o = (y * SIZE + x) * 4;
      const alpha = acc[3] / (SS * SS);
      rgba[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
      rgba[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
      rgba[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
      rgba[o + 3] = Math.round(alpha);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const rr = ({ x, y, w, h, r }, fill) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}"/>`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(BG_TOP)}"/><stop offset="1" stop-color="${hex(BG_BOTTOM)}"/></linearGradient></defs>
  ${rr(frame, 'url(#bg)')}
  <polygon points="${play.map((p) => p.join(',')).join(' ')}" fill="${hex(ACCENT)}"/>
  ${rr(track, hex(TRACK))}
  ${rr(done, hex(ACCENT))}
  <circle cx="${head.cx}" cy="${head.cy}" r="${head.r}" fill="${hex(LIGHT)}"/>
  <circle cx="${head.cx}" cy="${head.cy}" r="${head.r - 10}" fill="${hex(ACCENT)}"/>
</svg>
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(out, 'icon.svg'), svg);
  writeFileSync(join(out, 'icon.png'), encodePng(SIZE, SIZE, rasterise()));
  console.log(`wrote ${join(out, 'icon.svg')} and icon.png (${SIZE}x${SIZE})`);
}
