import { describe, expect, it } from 'vitest';
import { categoryArt } from './category-art.js';
import { escapeXml, renderProductSvg, wrapText } from './product-svg.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('drops characters that XML 1.0 does not allow', () => {
    expect(escapeXml('a\u0000b\u0007c\uFFFEd\uD800e')).toBe('abcde');
    expect(escapeXml('tab\tand emoji 🦊')).toBe('tab\tand emoji 🦊');
  });
});

describe('wrapText', () => {
  it('keeps short names on one line', () => {
    expect(wrapText('Wool Beanie')).toEqual(['Wool Beanie']);
  });

  it('wraps at word boundaries and ends overflowing text with an ellipsis', () => {
    expect(wrapText('one two three four', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrapText('supercalifragilistic', 8, 2)).toEqual(['superca…']);
  });
});

describe('renderProductSvg', () => {
  it('never lets markup from the data into the document', () => {
    const svg = renderProductSvg({
      slug: 'x',
      name: '</text><script>alert(1)</script>',
      category: 'books',
      categoryName: 'Books & "More"',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('BOOKS &amp; &quot;MORE&quot;');
  });

  it('uses a stable fallback for categories without art', () => {
    expect(categoryArt('unknown')).toEqual(categoryArt('unknown'));
    expect(categoryArt('unknown').background).toMatch(/^#[0-9a-f]{6}$/);
    const svg = renderProductSvg({ slug: 'y', name: 'Thing', category: 'unknown', categoryName: 'Unknown' });
    expect(svg).toContain('Thing');
  });
});
