#!/usr/bin/env node
/**
 * Draws the tab bar icons (81×81 PNG, grey and brand red) with nothing but node:zlib, so no
 * image tool is needed. Run from miniapp/: `node scripts/make-tab-icons.mjs`; the PNGs are
 * committed under src/assets/tabbar.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 81;
const SAMPLES = 4; // 4×4 supersampling for smooth edges
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tabbar');
const COLORS = { '': [0x8a, 0x8a, 0x8a], '-active': [0xc8, 0x23, 0x2c] };

// shapes in a 0..1 square; each returns whether a point is inside
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const frame = (x0, y0, x1, y1, r, w) => (x, y) =>
  roundRect(x0, y0, x1, y1, r)(x, y) && !roundRect(x0 + w, y0 + w, x1 - w, y1 - w, Math.max(r - w, 0))(x, y);
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by);
  const d2 = s(bx, by, cx, cy);
  const d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
/** upper half of a disc: shoulders */
const shoulders = (cx, cy, r) => (x, y) => y <= cy && circle(cx, cy, r)(x, y);
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

const ICONS = {
  // 首页: a house
  home: union(
    triangle(0.5, 0.1, 0.08, 0.5, 0.92, 0.5),
    minus(rect(0.2, 0.45, 0.8, 0.9), roundRect(0.41, 0.62, 0.59, 0.91, 0.04)),
  ),
  // 项目: a clipboard with lines
  projects: union(
    frame(0.16, 0.14, 0.84, 0.92, 0.08, 0.07),
    roundRect(0.34, 0.06, 0.66, 0.22, 0.05),
    rect(0.3, 0.4, 0.7, 0.47),
    rect(0.3, 0.56, 0.7, 0.63),
    rect(0.3, 0.72, 0.56, 0.79),
  ),
  // 志愿团体: three people
  teams: union(
    circle(0.5, 0.3, 0.13),
    shoulders(0.5, 0.78, 0.26),
    // the two behind, with a gap around the one in front
    minus(
      union(circle(0.19, 0.4, 0.09), shoulders(0.19, 0.78, 0.17), circle(0.81, 0.4, 0.09), shoulders(0.81, 0.78, 0.17)),
      union(circle(0.5, 0.3, 0.18), circle(0.5, 0.78, 0.31)),
    ),
  ),
  // 我的: one person in a ring
  mine: union(
    ring(0.5, 0.5, 0.44, 0.065),
    circle(0.5, 0.4, 0.14),
    (x, y) => shoulders(0.5, 0.82, 0.27)(x, y) && circle(0.5, 0.5, 0.4)(x, y),
  ),
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

function png(shape, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++)
          if (shape((x + (sx + 0.5) / SAMPLES) / SIZE, (y + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
      const o = row + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [suffix, color] of Object.entries(COLORS)) {
    const file = join(OUT, `${name}${suffix}.png`);
    const data = png(shape, color);
    writeFileSync(file, data);
    process.stdout.write(`${file} (${data.length} B)\n`);
  }
}
