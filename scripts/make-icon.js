#!/usr/bin/env node
// Draws icon.png (64×64 RGBA): a RingCentral-orange rounded square with a white chat bubble carrying a
// hand-over arrow, and a support agent wearing a headset. Plain Node, no dependencies: shapes are
// tested per sample (8×8 supersampling for anti-aliased edges) and written as a PNG by hand
// (chunks + CRC-32, zlib for IDAT). Deterministic: the same Node/zlib version gives identical bytes.
//
// Usage: node scripts/make-icon.js [output path, default: icon.png in the repository root]
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const SIZE = 64;
const SUPERSAMPLE = 8;

// ---------------------------------------------------------------- colours
const ORANGE_TOP = [255, 137, 26]; // a touch lighter than RingCentral orange
const ORANGE_BOTTOM = [243, 108, 0]; // a touch darker
const WHITE = [255, 255, 255];

function orangeAt(y) {
  const t = Math.min(1, Math.max(0, y / SIZE));
  return ORANGE_TOP.map((top, i) => top + (ORANGE_BOTTOM[i] - top) * t);
}

// ---------------------------------------------------------------- shapes (coordinates in pixels)
function inRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inCircle(x, y, cx, cy, r) {
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inTriangle(x, y, a, b, c) {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  const hasNeg = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNeg && hasPos);
}

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x, y, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.min(1, Math.max(0, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

// Layout
const BACKGROUND = { left: 0, top: 0, right: 64, bottom: 64, radius: 14 };
const BUBBLE = { left: 6, top: 7, right: 43, bottom: 35, radius: 9 };
const TAIL = [
  [10, 31],
  [21, 31],
  [9, 41],
];
const ARROW_SHAFT = { left: 14, top: 18.6, right: 28, bottom: 23.4, radius: 2.4 };
const ARROW_HEAD = [
  [26, 13.5],
  [26, 28.5],
  [36, 21],
];
const HEAD = { cx: 45, cy: 39, r: 7.2 };
const BAND = { inner: 9.6, outer: 12 }; // headset band around the head (upper half)
const BODY = { cx: 45, cy: 62, rx: 14, ry: 12, bottom: 58 };
const GAP = 2.6; // orange margin that separates the agent from the bubble

function inEarCup(x, y, side) {
  const cx = HEAD.cx + side * 10.8;
  return inRoundedRect(x, y, cx - 2.3, HEAD.cy - 2.5, cx + 2.3, HEAD.cy + 4.5, 2.2);
}

function inMic(x, y) {
  // Boom from the left ear cup, bending towards the mouth, ending in a small capsule.
  const start = [HEAD.cx - 10.6, HEAD.cy + 4];
  const bend = [HEAD.cx - 9.2, HEAD.cy + 8.2];
  const end = [HEAD.cx - 4.6, HEAD.cy + 9.2];
  return (
    segmentDistance(x, y, start, bend) <= 1.05 ||
    segmentDistance(x, y, bend, end) <= 1.05 ||
    inCircle(x, y, end[0], end[1], 1.8)
  );
}

function inBand(x, y, grow) {
  const d = Math.hypot(x - HEAD.cx, y - HEAD.cy);
  return y <= HEAD.cy + 0.5 && d >= BAND.inner - grow && d <= BAND.outer + grow;
}

function inBody(x, y, grow) {
  if (y > BODY.bottom + grow) return false;
  const nx = (x - BODY.cx) / (BODY.rx + grow);
  const ny = (y - BODY.cy) / (BODY.ry + grow);
  return nx * nx + ny * ny <= 1;
}

function inAgent(x, y, grow) {
  return (
    inCircle(x, y, HEAD.cx, HEAD.cy, HEAD.r + grow) ||
    inBand(x, y, grow) ||
    inEarCup(x, y, -1) ||
    inEarCup(x, y, 1) ||
    (grow > 0 &&
      (inCircle(x, y, HEAD.cx - 10.8, HEAD.cy + 1, 3.5 + grow) ||
        inCircle(x, y, HEAD.cx + 10.8, HEAD.cy + 1, 3.5 + grow))) ||
    inMic(x, y) ||
    inBody(x, y, grow)
  );
}

/** Colour of one sample, or null when it is outside the icon (transparent). */
function sample(x, y) {
  const b = BACKGROUND;
  if (!inRoundedRect(x, y, b.left, b.top, b.right, b.bottom, b.radius)) return null;
  const orange = orangeAt(y);
  // The agent (with its orange margin) sits in front of the bubble.
  if (inAgent(x, y, GAP)) {
    return inAgent(x, y, 0) ? WHITE : orange;
  }
  const q = BUBBLE;
  const inBubble =
    inRoundedRect(x, y, q.left, q.top, q.right, q.bottom, q.radius) || inTriangle(x, y, ...TAIL);
  if (!inBubble) return orange;
  const s = ARROW_SHAFT;
  const inArrow =
    inRoundedRect(x, y, s.left, s.top, s.right, s.bottom, s.radius) || inTriangle(x, y, ...ARROW_HEAD);
  return inArrow ? orange : WHITE;
}

function render() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = sample(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            covered += 1;
          }
        }
      }
      const offset = (py * SIZE + px) * 4;
      if (covered > 0) {
        // Straight (non-premultiplied) alpha, as PNG expects.
        pixels[offset] = Math.round(r / covered);
        pixels[offset + 1] = Math.round(g / covered);
        pixels[offset + 2] = Math.round(b / covered);
        pixels[offset + 3] = Math.round((covered / n) * 255);
      }
    }
  }
  return pixels;
}

// ---------------------------------------------------------------- PNG encoding
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Paeth predictor (PNG spec, filter type 4). */
function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Filters each scanline with the filter type that gives the smallest sum of absolute values. */
function filterScanlines(pixels, width, height) {
  const stride = width * 4;
  const out = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    let best = null;
    let bestType = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let type = 0; type <= 4; type++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const left = i >= 4 ? row[i - 4] : 0;
        const up = prev[i];
        const upLeft = i >= 4 ? prev[i - 4] : 0;
        const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][type];
        const value = (row[i] - predictor) & 0xff;
        candidate[i] = value;
        score += value < 128 ? value : 256 - value;
      }
      if (score < bestScore) {
        bestScore = score;
        bestType = type;
        best = Buffer.from(candidate);
      }
    }
    out[y * (stride + 1)] = bestType;
    best.copy(out, y * (stride + 1) + 1);
  }
  return out;
}

function encodePng(pixels, width, height) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const idat = zlib.deflateSync(filterScanlines(pixels, width, height), {
    level: 9,
    memLevel: 9,
    strategy: zlib.constants.Z_DEFAULT_STRATEGY,
  });
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

function main() {
  const output = path.resolve(process.argv[2] || path.join(__dirname, "..", "icon.png"));
  const png = encodePng(render(), SIZE, SIZE);
  fs.writeFileSync(output, png);
  console.log(
    `icon: wrote ${path.relative(process.cwd(), output) || output} (${SIZE}×${SIZE}, ${png.length} bytes)`,
  );
}

if (require.main === module) {
  main();
}

module.exports = { render, encodePng, crc32 };
