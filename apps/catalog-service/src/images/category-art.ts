/** How a category looks on generated product images. */
export interface CategoryArt {
  /** Background colour; dark enough for white text. */
  background: string;
  /** SVG shapes drawn in a 120 × 120 box; `currentColor` is the background colour. */
  glyph: string;
}

const INK = 'fill="#ffffff"';
const SOFT = 'fill="#ffffff" fill-opacity="0.55"';

// Each glyph uses only rect, circle, ellipse, polygon and simple paths so it renders anywhere.
const ART: Record<string, CategoryArt> = {
  kitchen: {
    background: '#b45309',
    glyph: [
      `<rect x="14" y="40" width="92" height="10" rx="4" ${INK}/>`,
      `<circle cx="60" cy="33" r="7" ${INK}/>`,
      `<rect x="20" y="52" width="80" height="50" rx="10" ${INK}/>`,
      `<rect x="2" y="60" width="20" height="9" rx="4" ${SOFT}/>`,
      `<rect x="98" y="60" width="20" height="9" rx="4" ${SOFT}/>`,
    ].join(''),
  },
  garden: {
    background: '#15803d',
    glyph: [
      `<rect x="57" y="58" width="6" height="56" rx="3" ${SOFT}/>`,
      `<ellipse cx="80" cy="92" rx="18" ry="7" transform="rotate(-30 80 92)" ${SOFT}/>`,
      `<circle cx="60" cy="22" r="15" ${INK}/>`,
      `<circle cx="82" cy="38" r="15" ${INK}/>`,
      `<circle cx="74" cy="62" r="15" ${INK}/>`,
      `<circle cx="46" cy="62" r="15" ${INK}/>`,
      `<circle cx="38" cy="38" r="15" ${INK}/>`,
      '<circle cx="60" cy="43" r="10" fill="currentColor"/>',
    ].join(''),
  },
  books: {
    background: '#1e40af',
    glyph: [
      `<rect x="14" y="28" width="22" height="82" rx="2" ${INK}/>`,
      `<rect x="40" y="16" width="18" height="94" rx="2" ${SOFT}/>`,
      `<rect x="62" y="34" width="20" height="76" rx="2" ${INK}/>`,
      `<polygon points="86,40 104,36 116,108 98,112" ${SOFT}/>`,
      `<rect x="6" y="110" width="110" height="6" rx="2" ${INK}/>`,
    ].join(''),
  },
  audio: {
    background: '#6d28d9',
    glyph: [
      '<path d="M20 78 A40 40 0 0 1 100 78" fill="none" stroke="#ffffff" stroke-width="9" stroke-linecap="round"/>',
      `<rect x="10" y="66" width="24" height="42" rx="8" ${INK}/>`,
      `<rect x="86" y="66" width="24" height="42" rx="8" ${INK}/>`,
      `<circle cx="22" cy="87" r="6" ${SOFT}/>`,
      `<circle cx="98" cy="87" r="6" ${SOFT}/>`,
    ].join(''),
  },
  outdoor: {
    background: '#0f766e',
    glyph: [
      `<circle cx="28" cy="26" r="12" ${SOFT}/>`,
      `<polygon points="0,110 40,44 78,110" ${SOFT}/>`,
      `<polygon points="38,110 82,24 120,110" ${INK}/>`,
      '<polygon points="70,40 82,24 94,40 82,46" fill="currentColor" fill-opacity="0.35"/>',
    ].join(''),
  },
  office: {
    background: '#334155',
    glyph: [
      `<rect x="16" y="10" width="66" height="96" rx="5" ${INK}/>`,
      '<rect x="26" y="28" width="44" height="5" rx="2" fill="currentColor" fill-opacity="0.5"/>',
      '<rect x="26" y="44" width="44" height="5" rx="2" fill="currentColor" fill-opacity="0.5"/>',
      '<rect x="26" y="60" width="30" height="5" rx="2" fill="currentColor" fill-opacity="0.5"/>',
      `<rect x="88" y="22" width="14" height="72" rx="2" ${SOFT}/>`,
      `<polygon points="88,94 102,94 95,112" ${INK}/>`,
    ].join(''),
  },
  toys: {
    background: '#be185d',
    glyph: [
      `<rect x="14" y="72" width="40" height="40" rx="4" ${INK}/>`,
      `<rect x="60" y="72" width="40" height="40" rx="4" ${SOFT}/>`,
      `<rect x="37" y="30" width="40" height="40" rx="4" ${INK}/>`,
      `<circle cx="98" cy="34" r="14" ${SOFT}/>`,
      '<circle cx="57" cy="50" r="8" fill="currentColor" fill-opacity="0.45"/>',
    ].join(''),
  },
  apparel: {
    background: '#a16207',
    glyph: [
      `<polygon points="38,14 50,22 70,22 82,14 116,34 102,58 90,50 90,112 30,112 30,50 18,58 4,34" ${INK}/>`,
      '<path d="M50 22 Q60 34 70 22" fill="none" stroke="currentColor" stroke-width="4" stroke-opacity="0.5"/>',
    ].join(''),
  },
};

const FALLBACK_GLYPH = [
  `<polygon points="20,40 60,20 100,40 100,90 60,110 20,90" ${INK}/>`,
  '<polygon points="20,40 60,60 100,40 60,20" fill="currentColor" fill-opacity="0.3"/>',
  '<rect x="58" y="60" width="4" height="50" fill="currentColor" fill-opacity="0.3"/>',
].join('');

const FALLBACK_PALETTE = ['#475569', '#0e7490', '#9f1239', '#4d7c0f', '#7c2d12', '#4338ca'];

/** A small stable hash of a string, used to vary decoration without randomness. */
export function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** The art for a category slug; unknown categories get a stable colour and a generic box glyph. */
export function categoryArt(slug: string): CategoryArt {
  const known = ART[slug];
  if (known) return known;
  const background = FALLBACK_PALETTE[hashString(slug) % FALLBACK_PALETTE.length] ?? '#475569';
  return { background, glyph: FALLBACK_GLYPH };
}
