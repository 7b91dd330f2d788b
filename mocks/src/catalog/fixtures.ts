// The catalog's fixture products and categories, in the contract's shapes (ids are integers, as the BFF's).
import type { Category, Product } from '@storefront/contract/browser';

const categoryInfo = {
  kitchen: { name: 'Kitchen', hue: 18 },
  audio: { name: 'Audio', hue: 262 },
  outdoor: { name: 'Outdoor', hue: 140 },
  office: { name: 'Office', hue: 212 },
  home: { name: 'Home & Living', hue: 330 },
  fitness: { name: 'Fitness', hue: 48 },
} as const;

type CategorySlug = keyof typeof categoryInfo;

/** Draws a small placeholder picture so standalone mode needs no image server. */
function productImage(name: string, hue: number): string {
  const initials = name
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">` +
    `<rect width="400" height="300" fill="hsl(${hue} 70% 92%)"/>` +
    `<circle cx="200" cy="150" r="90" fill="hsl(${hue} 60% 55%)"/>` +
    `<text x="200" y="172" font-family="system-ui, sans-serif" font-size="64" font-weight="700" ` +
    `text-anchor="middle" fill="#fff">${initials}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

// [slug, name, category, priceCents, stock, featured, description]; listed oldest first.
type Row = [string, string, CategorySlug, number, number, boolean, string];

const rows: Row[] = [
  [
    'cast-iron-skillet',
    'Cast Iron Skillet',
    'kitchen',
    3900,
    24,
    true,
    'A pre-seasoned 26 cm skillet that goes from stove top to oven and lasts for generations.',
  ],
  [
    'pour-over-coffee-set',
    'Pour-Over Coffee Set',
    'kitchen',
    4500,
    12,
    false,
    'Glass dripper, reusable steel filter and a 600 ml carafe for a clean, bright cup.',
  ],
  [
    'chef-knife',
    'Chef Knife 20 cm',
    'kitchen',
    8900,
    0,
    false,
    'Hand-sharpened stainless steel blade with a balanced walnut handle.',
  ],
  [
    'bamboo-cutting-board',
    'Bamboo Cutting Board',
    'kitchen',
    2400,
    40,
    false,
    'A thick end-grain board that is gentle on knives and easy to clean.',
  ],
  [
    'wireless-headphones',
    'Wireless Headphones',
    'audio',
    14900,
    8,
    true,
    'Over-ear headphones with active noise cancelling and 30 hours of battery life.',
  ],
  [
    'bookshelf-speakers',
    'Bookshelf Speakers',
    'audio',
    22900,
    5,
    false,
    'A pair of compact two-way speakers with a warm, detailed sound.',
  ],
  [
    'portable-speaker',
    'Portable Speaker',
    'audio',
    6900,
    31,
    false,
    'Splash-proof Bluetooth speaker with a strap, for the beach or the balcony.',
  ],
  [
    'turntable',
    'Belt-Drive Turntable',
    'audio',
    27900,
    0,
    false,
    'A quiet belt-drive turntable with a built-in phono preamp.',
  ],
  [
    'trail-backpack',
    'Trail Backpack 28 L',
    'outdoor',
    9900,
    17,
    true,
    'A light daypack with a ventilated back panel and a rain cover.',
  ],
  [
    'camping-lantern',
    'Camping Lantern',
    'outdoor',
    3400,
    26,
    false,
    'Rechargeable LED lantern with three brightness levels and a USB-C port.',
  ],
  [
    'insulated-bottle',
    'Insulated Bottle',
    'outdoor',
    2900,
    60,
    false,
    'Keeps drinks cold for 24 hours or hot for 12; 750 ml, leak-proof lid.',
  ],
  [
    'two-person-tent',
    'Two-Person Tent',
    'outdoor',
    19900,
    3,
    false,
    'A freestanding tent that pitches in five minutes and packs down to 2 kg.',
  ],
  [
    'standing-desk',
    'Standing Desk',
    'office',
    44900,
    4,
    true,
    'An electric sit-stand desk with memory presets and a solid oak top.',
  ],
  [
    'ergonomic-chair',
    'Ergonomic Chair',
    'office',
    32900,
    0,
    false,
    'Adjustable lumbar support, breathable mesh back and 4D armrests.',
  ],
  [
    'desk-lamp',
    'Desk Lamp',
    'office',
    5900,
    22,
    false,
    'A dimmable LED lamp with adjustable colour temperature and a weighted base.',
  ],
  [
    'mechanical-keyboard',
    'Mechanical Keyboard',
    'office',
    11900,
    14,
    false,
    'Hot-swappable switches, PBT keycaps and a compact 75% layout.',
  ],
  [
    'linen-throw',
    'Linen Throw',
    'home',
    7900,
    19,
    true,
    'A soft, stonewashed linen blanket for the sofa in every season.',
  ],
  [
    'ceramic-vase',
    'Ceramic Vase',
    'home',
    3200,
    9,
    false,
    'A hand-thrown stoneware vase with a matte speckled glaze.',
  ],
  [
    'scented-candle',
    'Scented Candle',
    'home',
    2200,
    48,
    false,
    'Soy wax candle with notes of cedar and bergamot; burns for 50 hours.',
  ],
  [
    'wool-rug',
    'Wool Rug 160 × 230',
    'home',
    24900,
    2,
    false,
    'A flat-woven wool rug in a quiet geometric pattern.',
  ],
  [
    'yoga-mat',
    'Yoga Mat',
    'fitness',
    4900,
    33,
    true,
    'A 5 mm natural-rubber mat with a grippy surface and alignment lines.',
  ],
  [
    'adjustable-dumbbells',
    'Adjustable Dumbbells',
    'fitness',
    29900,
    0,
    false,
    'A pair of dumbbells that adjust from 2 to 24 kg with a turn of the dial.',
  ],
  [
    'jump-rope',
    'Speed Jump Rope',
    'fitness',
    1900,
    70,
    false,
    'A ball-bearing rope with an adjustable steel cable for fast skipping.',
  ],
  [
    'foam-roller',
    'Foam Roller',
    'fitness',
    2700,
    28,
    false,
    'A firm, textured roller for recovery after runs and workouts.',
  ],
];

/** The 24 fixture products, oldest first (the order `sort=newest` reverses); ids 1 to 24 in that order. */
export const catalogProducts: readonly Product[] = rows.map(
  ([slug, name, category, priceCents, stock, featured, description], index): Product => ({
    id: index + 1,
    slug,
    name,
    description,
    priceCents,
    currency: 'USD',
    category,
    categoryName: categoryInfo[category].name,
    imageUrl: productImage(name, categoryInfo[category].hue),
    stock,
    featured,
  }),
);

/** The fixture categories with their product counts, sorted by name. */
export const catalogCategories: readonly Category[] = (Object.keys(categoryInfo) as CategorySlug[])
  .map(
    (slug): Category => ({
      slug,
      name: categoryInfo[slug].name,
      productCount: catalogProducts.filter((product) => product.category === slug).length,
    }),
  )
  .sort((a, b) => a.name.localeCompare(b.name));
