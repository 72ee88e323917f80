/**
 * Draws the Teams app icons: `manifest/teams/color.png` (192×192, white mark on the accent colour)
 * and `manifest/teams/outline.png` (32×32, white mark on transparent). The mark is a capital A
 * drawn from three strokes, anti-aliased by supersampling.
 *
 *   node bin/run-ts.js scripts/teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
interface Stroke {
  from: Point;
  to: Point;
}

const ACCENT = [0x1f, 0x5f, 0x8b] as const;
/** The letter A in unit coordinates (0..1, y down). */
const MARK: readonly Stroke[] = [
  { from: [0.5, 0.12], to: [0.2, 0.88] },
  { from: [0.5, 0.12], to: [0.8, 0.88] },
  { from: [0.32, 0.62], to: [0.68, 0.62] },
];
const SAMPLES = 4;

function distanceToSegment([px, py]: Point, { from: [ax, ay], to: [bx, by] }: Stroke): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Share (0..1) of the pixel covered by the mark drawn inside `box` (x, y, size in pixels). */
function coverage(
  x: number,
  y: number,
  box: { x: number; y: number; size: number },
  strokeWidth: number,
): number {
  let inside = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const point: Point = [
        (x + (sx + 0.5) / SAMPLES - box.x) / box.size,
        (y + (sy + 0.5) / SAMPLES - box.y) / box.size,
      ];
      if (MARK.some((stroke) => distanceToSegment(point, stroke) <= strokeWidth / 2)) inside++;
    }
  }
  return inside / (SAMPLES * SAMPLES);
}

export interface IconOptions {
  size: number;
  /** Background colour, or undefined for transparent. */
  background?: readonly [number, number, number];
  /** Where the mark sits, as a share of the icon (Teams keeps colour marks inside a safe area). */
  markScale: number;
  strokeWidth: number;
}

/** The icon as PNG bytes: white mark, opaque background or transparent. */
export function drawIcon({ size, background, markScale, strokeWidth }: IconOptions): Buffer {
  const png = new PNG({ width: size, height: size });
  const markSize = size * markScale;
  const box = { x: (size - markSize) / 2, y: (size - markSize) / 2, size: markSize };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, box, strokeWidth);
      const i = (y * size + x) * 4;
      if (background) {
        for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(background[k]! * (1 - c) + 255 * c);
        png.data[i + 3] = 255;
      } else {
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * c);
      }
    }
  }
  return PNG.sync.write(png);
}

const invokedDirectly = process.argv[1] === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const dir = new URL('../manifest/teams/', import.meta.url);
  writeFileSync(
    new URL('color.png', dir),
    drawIcon({ size: 192, background: ACCENT, markScale: 0.6, strokeWidth: 0.13 }),
  );
  writeFileSync(new URL('outline.png', dir), drawIcon({ size: 32, markScale: 0.9, strokeWidth: 0.16 }));
  process.stdout.write('wrote manifest/teams/color.png (192×192) and manifest/teams/outline.png (32×32)\n');
}
