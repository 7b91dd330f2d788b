import { categoryArt, hashString } from './category-art.js';

/** What the image generator needs to know about a product. */
export interface ImageSubject {
  slug: string;
  name: string;
  category: string;
  categoryName: string;
}

const WIDTH = 400;
const HEIGHT = 300;
const LINE_CHARS = 26;
const MAX_LINES = 2;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for use in XML content and attribute values; also drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/**
 * Splits a name into at most `maxLines` lines of about `width` characters at word boundaries; the last line
 * ends with an ellipsis when the name does not fit.
 */
export function wrapText(text: string, width = LINE_CHARS, maxLines = MAX_LINES): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= width || !current) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines.map((line) => clip(line, width));
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = `${clip(last, width - 1)}…`;
  return kept.map((line) => clip(line, width));
}

function clip(line: string, width: number): string {
  const chars = Array.from(line);
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join('')}…`;
}

/** Draws the product's picture: category colour, category glyph, decorative circles and the name. */
export function renderProductSvg(subject: ImageSubject): string {
  const art = categoryArt(subject.category);
  const seed = hashString(subject.slug);
  // Two soft circles placed from the slug's hash make images within one category tell apart at a glance.
  const c1x = 40 + (seed % 320);
  const c1y = 20 + ((seed >>> 9) % 120);
  const c2x = 40 + ((seed >>> 5) % 320);
  const c2y = 150 + ((seed >>> 13) % 130);
  const r1 = 40 + ((seed >>> 3) % 50);
  const r2 = 25 + ((seed >>> 11) % 40);

  const lines = wrapText(subject.name);
  const firstBaseline = lines.length > 1 ? 232 : 246;
  const nameText = lines
    .map(
      (line, index) =>
        `<text x="${WIDTH / 2}" y="${firstBaseline + index * 28}" text-anchor="middle" font-size="22" font-weight="600" fill="#ffffff">${escapeXml(line)}</text>`,
    )
    .join('');
  const label = escapeXml(subject.name);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title>${label}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${art.background}"/>`,
    `<circle cx="${c1x}" cy="${c1y}" r="${r1}" fill="#ffffff" fill-opacity="0.08"/>`,
    `<circle cx="${c2x}" cy="${c2y}" r="${r2}" fill="#000000" fill-opacity="0.08"/>`,
    `<text x="20" y="32" font-size="13" font-weight="600" letter-spacing="1.5" fill="#ffffff" fill-opacity="0.85">${escapeXml(subject.categoryName.toUpperCase())}</text>`,
    `<circle cx="${WIDTH / 2}" cy="118" r="78" fill="#ffffff" fill-opacity="0.14"/>`,
    `<g transform="translate(${WIDTH / 2 - 60} 58)" color="${art.background}">${art.glyph}</g>`,
    nameText,
    '</svg>',
  ].join('');
}
