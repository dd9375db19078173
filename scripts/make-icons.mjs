// Draws the toolbar icons (two interlocking halves: 阿 and 吽, marketing and sales) as PNGs.
// Run once after changing the design: node scripts/make-icons.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
// A yin-yang-like disc: the indigo half (sales) and the vermilion half (marketing), each with a dot of the other.
function pixel(px, py, size) {
  const samples = 4; let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < samples; sy++) for (let sx = 0; sx < samples; sx++) {
    const x = (px + (sx + 0.5) / samples) / size * 2 - 1, y = (py + (sy + 0.5) / samples) / size * 2 - 1;
    if (x * x + y * y > 0.94 * 0.94) continue;
    const upper = Math.hypot(x, y + 0.47), lower = Math.hypot(x, y - 0.47);
    let indigo = x < 0;
    if (upper < 0.47) indigo = true; if (lower < 0.47) indigo = false;
    if (upper < 0.15) indigo = false; if (lower < 0.15) indigo = true;
    const [cr, cg, cb] = indigo ? [37, 56, 140] : [226, 88, 52];
    r += cr; g += cg; b += cb; a += 255;
  }
  const n = samples * samples;
  return a === 0 ? [0, 0, 0, 0] : [Math.round(r / (a / 255)), Math.round(g / (a / 255)), Math.round(b / (a / 255)), Math.round(a / n)];
}
mkdirSync(new URL('../public/icon/', import.meta.url), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../public/icon/${size}.png`, import.meta.url), png(size, pixel));
