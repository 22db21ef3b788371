import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..");
const ICON = path.join(ROOT, "icon.png");
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface IconScript {
  render(): Buffer;
  encodePng(pixels: Buffer, width: number, height: number): Buffer;
  crc32(data: Buffer): number;
}
const iconScript: IconScript = require(path.join(ROOT, "scripts", "make-icon.js"));

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  let offset = SIGNATURE.length;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString("ascii"),
      data: typeAndData.subarray(4),
      crcOk: iconScript.crc32(typeAndData) === crc,
    });
    offset += 12 + length;
  }
  return chunks;
}

/** Reverses PNG scanline filters (8-bit RGBA only). */
function unfilter(raw: Buffer, width: number, height: number): Buffer {
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i];
      const left = i >= 4 ? out[y * stride + i - 4] : 0;
      const up = y > 0 ? out[(y - 1) * stride + i] : 0;
      const upLeft = i >= 4 && y > 0 ? out[(y - 1) * stride + i - 4] : 0;
      let predictor = 0;
      if (type === 1) predictor = left;
      else if (type === 2) predictor = up;
      else if (type === 3) predictor = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new Error(`unknown filter type ${type} in row ${y}`);
      out[y * stride + i] = (value + predictor) & 0xff;
    }
  }
  return out;
}

describe("package: icon.png", () => {
  it("is a valid 64×64 RGBA PNG", () => {
    expect(fs.existsSync(ICON), "icon.png is missing: run `node scripts/make-icon.js`").to.equal(true);
    const png = fs.readFileSync(ICON);
    expect(png.subarray(0, 8).equals(SIGNATURE), "PNG signature").to.equal(true);
    const chunks = readChunks(png);
    expect(chunks[0].type).to.equal("IHDR");
    expect(chunks[chunks.length - 1].type).to.equal("IEND");
    expect(
      chunks.every((chunk) => chunk.crcOk),
      "every chunk CRC matches",
    ).to.equal(true);
    const ihdr = chunks[0].data;
    expect(ihdr.readUInt32BE(0), "width").to.equal(64);
    expect(ihdr.readUInt32BE(4), "height").to.equal(64);
    expect(ihdr[8], "bit depth").to.equal(8);
    expect(ihdr[9], "colour type RGBA").to.equal(6);
    const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === "IDAT").map((chunk) => chunk.data));
    expect(zlib.inflateSync(idat).length).to.equal(64 * (64 * 4 + 1));
  });

  it("matches what scripts/make-icon.js draws, and the script is deterministic", () => {
    const png = fs.readFileSync(ICON);
    const idat = Buffer.concat(
      readChunks(png)
        .filter((chunk) => chunk.type === "IDAT")
        .map((chunk) => chunk.data),
    );
    const pixels = unfilter(zlib.inflateSync(idat), 64, 64);
    const drawn = iconScript.render();
    expect(pixels.equals(drawn), "icon.png is stale: run `node scripts/make-icon.js`").to.equal(true);
    expect(
      iconScript.encodePng(drawn, 64, 64).equals(iconScript.encodePng(iconScript.render(), 64, 64)),
    ).to.equal(true);
    // Transparent corners, opaque centre.
    expect(pixels[3], "top-left corner alpha").to.equal(0);
    expect(pixels[(32 * 64 + 32) * 4 + 3], "centre alpha").to.equal(255);
  });
});
