/** A category as written into the database on first start. */
export interface SeedCategory {
  slug: string;
  name: string;
}

/** A product as written into the database on first start; `category` is a category slug. */
export interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  category: string;
  stock: number;
  featured: boolean;
  createdAt: string;
}

export const seedCategories: readonly SeedCategory[] = [
  { slug: 'kitchen', name: 'Kitchen & Dining' },
  { slug: 'garden', name: 'Garden' },
  { slug: 'books', name: 'Books' },
  { slug: 'audio', name: 'Audio' },
  { slug: 'outdoor', name: 'Outdoor' },
  { slug: 'office', name: 'Office' },
  { slug: 'toys', name: 'Toys & Games' },
  { slug: 'apparel', name: 'Apparel' },
];

// Some names deliberately carry `&`, apostrophes, accents and symbols: they exercise XML escaping in the
// generated images and case-insensitive search beyond ASCII.
export const seedProducts: readonly SeedProduct[] = [
  // Kitchen & Dining
  {
    slug: 'cast-iron-skillet-26',
    name: 'Cast Iron Skillet 26 cm',
    description:
      'Pre-seasoned cast iron pan that goes from hob to oven to table. Holds heat evenly for searing, frying and cornbread.',
    priceCents: 3490,
    category: 'kitchen',
    stock: 42,
    featured: true,
    createdAt: '2024-02-14T09:30:00.000Z',
  },
  {
    slug: 'salt-and-pepper-mill-set',
    name: 'Salt & Pepper Mill Set',
    description:
      'A pair of beech-wood mills with adjustable ceramic grinders, from fine powder to coarse cracked pepper.',
    priceCents: 2990,
    category: 'kitchen',
    stock: 18,
    featured: false,
    createdAt: '2024-05-03T14:10:00.000Z',
  },
  {
    slug: 'cafe-pour-over-kettle',
    name: 'Café Pour-Over Kettle',
    description:
      'Gooseneck stainless-steel kettle with a built-in thermometer for a slow, steady pour over your filter coffee.',
    priceCents: 4450,
    category: 'kitchen',
    stock: 0,
    featured: false,
    createdAt: '2025-03-21T08:00:00.000Z',
  },
  {
    slug: 'bamboo-cutting-board',
    name: 'Bamboo Cutting Board',
    description:
      'Large, knife-friendly board with a juice groove on one side and a flat serving side on the other.',
    priceCents: 1890,
    category: 'kitchen',
    stock: 65,
    featured: false,
    createdAt: '2023-11-08T16:45:00.000Z',
  },
  {
    slug: 'enamel-dutch-oven',
    name: 'Enamel Dutch Oven 4.5 L',
    description:
      'Heavy enamelled casserole with a tight-fitting lid for stews, braises and no-knead bread. Oven-safe to 250 °C.',
    priceCents: 8900,
    category: 'kitchen',
    stock: 7,
    featured: false,
    createdAt: '2025-08-30T11:20:00.000Z',
  },
  {
    slug: 'stoneware-breakfast-bowls',
    name: 'Stoneware Breakfast Bowls (Set of 4)',
    description:
      'Reactive-glaze bowls in four sea colours, sized for porridge, cereal or a generous salad. Dishwasher safe.',
    priceCents: 3200,
    category: 'kitchen',
    stock: 25,
    featured: false,
    createdAt: '2024-09-12T10:05:00.000Z',
  },

  // Garden
  {
    slug: 'gardeners-kneeling-pad',
    name: "Gardener's Kneeling Pad",
    description:
      'Thick, waterproof foam pad that spares your knees while weeding, planting or scrubbing the patio.',
    priceCents: 1650,
    category: 'garden',
    stock: 40,
    featured: false,
    createdAt: '2024-04-02T07:40:00.000Z',
  },
  {
    slug: 'ash-handled-hand-trowel',
    name: 'Ash-Handled Hand Trowel',
    description: 'Stainless-steel blade with depth markings and a smooth ash handle that fits the palm.',
    priceCents: 1990,
    category: 'garden',
    stock: 33,
    featured: false,
    createdAt: '2023-09-19T13:15:00.000Z',
  },
  {
    slug: 'galvanised-watering-can',
    name: 'Galvanised Watering Can 7 L',
    description:
      'Classic long-spout can with a removable brass rose for a gentle shower on seedlings and pots.',
    priceCents: 3450,
    category: 'garden',
    stock: 12,
    featured: true,
    createdAt: '2025-04-11T09:00:00.000Z',
  },
  {
    slug: 'heirloom-tomato-seeds',
    name: 'Heirloom Tomato Seed Collection',
    description:
      'Six open-pollinated varieties, from tiny yellow cherries to huge beefsteaks, with a sowing calendar.',
    priceCents: 890,
    category: 'garden',
    stock: 120,
    featured: false,
    createdAt: '2025-02-01T12:30:00.000Z',
  },
  {
    slug: 'cedar-raised-bed-kit',
    name: 'Cedar Raised Bed Kit',
    description:
      'Rot-resistant cedar boards that slot together without tools into a 120 × 60 cm vegetable bed.',
    priceCents: 12900,
    category: 'garden',
    stock: 0,
    featured: false,
    createdAt: '2024-03-15T15:50:00.000Z',
  },
  {
    slug: 'solar-path-lights',
    name: 'Solar Path Lights (Pack of 6)',
    description: 'Warm-white stake lights that charge by day and glow for up to eight hours along the path.',
    priceCents: 3990,
    category: 'garden',
    stock: 28,
    featured: false,
    createdAt: '2025-06-07T18:25:00.000Z',
  },

  // Books
  {
    slug: 'patient-gardeners-almanac',
    name: "The Patient Gardener's Almanac",
    description:
      'Month-by-month notes on sowing, pruning and simply waiting, illustrated with hand-drawn plates.',
    priceCents: 2400,
    category: 'books',
    stock: 14,
    featured: false,
    createdAt: '2024-10-20T10:00:00.000Z',
  },
  {
    slug: 'slow-bread',
    name: "Slow Bread: A Baker's Year",
    description:
      'Sourdough, rye and festive loaves through the seasons, with a clear guide to keeping a starter alive.',
    priceCents: 2900,
    category: 'books',
    stock: 9,
    featured: true,
    createdAt: '2025-09-15T09:45:00.000Z',
  },
  {
    slug: 'maps-of-forgotten-coastlines',
    name: 'Maps of Forgotten Coastlines',
    description:
      'An atlas of harbours, sandbanks and islands that have moved, vanished or been renamed over five centuries.',
    priceCents: 3500,
    category: 'books',
    stock: 6,
    featured: false,
    createdAt: '2023-12-01T17:00:00.000Z',
  },
  {
    slug: 'field-guide-to-night-skies',
    name: 'A Field Guide to Night Skies',
    description:
      'Star charts for every season, planet-spotting tips and a red-light friendly layout for use outdoors.',
    priceCents: 1950,
    category: 'books',
    stock: 22,
    featured: false,
    createdAt: '2024-07-08T20:10:00.000Z',
  },
  {
    slug: 'little-book-of-knots',
    name: 'The Little Book of Knots',
    description:
      'Forty useful knots for sailing, climbing and camping, each shown in clear step-by-step drawings.',
    priceCents: 1200,
    category: 'books',
    stock: 48,
    featured: false,
    createdAt: '2025-01-12T11:35:00.000Z',
  },
  {
    slug: 'letters-from-the-lighthouse',
    name: 'Letters from the Lighthouse',
    description:
      'A quiet novel told through the letters of a keeper and her sister during one long winter on the coast.',
    priceCents: 1890,
    category: 'books',
    stock: 0,
    featured: false,
    createdAt: '2024-11-27T08:55:00.000Z',
  },

  // Audio
  {
    slug: 'wireless-over-ear-headphones',
    name: 'Wireless Over-Ear Headphones',
    description:
      'Active noise cancelling, 35-hour battery and soft memory-foam cushions for long listening sessions.',
    priceCents: 14900,
    category: 'audio',
    stock: 23,
    featured: true,
    createdAt: '2025-05-19T13:00:00.000Z',
  },
  {
    slug: 'bookshelf-speakers',
    name: 'Bookshelf Speakers (Pair)',
    description:
      'Compact two-way passive speakers with a warm, detailed sound; pair them with an amplifier or turntable.',
    priceCents: 22900,
    category: 'audio',
    stock: 8,
    featured: false,
    createdAt: '2024-08-22T16:40:00.000Z',
  },
  {
    slug: 'portable-bluetooth-speaker',
    name: 'Portable Bluetooth Speaker',
    description:
      'Splash-proof speaker with a fabric grille, 12 hours of play and a strap for the bike or bag.',
    priceCents: 5990,
    category: 'audio',
    stock: 51,
    featured: false,
    createdAt: '2025-07-02T10:15:00.000Z',
  },
  {
    slug: 'usb-condenser-microphone',
    name: 'USB Condenser Microphone',
    description:
      'Plug-and-play cardioid microphone for podcasts and video calls, with a desk stand and a headphone jack.',
    priceCents: 8900,
    category: 'audio',
    stock: 0,
    featured: false,
    createdAt: '2024-01-30T14:20:00.000Z',
  },
  {
    slug: 'turntable-with-preamp',
    name: 'Turntable with Built-in Preamp',
    description:
      'Belt-drive record player with a switchable phono preamp, so it connects straight to powered speakers.',
    priceCents: 27900,
    category: 'audio',
    stock: 4,
    featured: false,
    createdAt: '2023-10-14T19:05:00.000Z',
  },
  {
    slug: 'in-ear-monitors',
    name: 'In-Ear Monitors',
    description:
      'Dual-driver wired earphones with detachable cables and three sizes of silicone and foam tips.',
    priceCents: 7900,
    category: 'audio',
    stock: 19,
    featured: false,
    createdAt: '2025-10-05T09:25:00.000Z',
  },

  // Outdoor
  {
    slug: 'two-person-dome-tent',
    name: 'Two-Person Dome Tent',
    description:
      'Freestanding three-season tent that pitches in five minutes, with two doors and a weatherproof flysheet.',
    priceCents: 18900,
    category: 'outdoor',
    stock: 11,
    featured: true,
    createdAt: '2025-04-28T07:10:00.000Z',
  },
  {
    slug: 'insulated-steel-bottle',
    name: 'Insulated Steel Bottle 750 ml',
    description:
      'Double-walled bottle that keeps drinks cold for a day or hot for twelve hours. Leak-proof lid.',
    priceCents: 2790,
    category: 'outdoor',
    stock: 88,
    featured: false,
    createdAt: '2024-06-16T12:00:00.000Z',
  },
  {
    slug: 'trekking-poles',
    name: 'Trekking Poles (Pair)',
    description:
      'Light aluminium poles with cork grips and quick flick-locks, adjustable from 100 to 135 cm.',
    priceCents: 4990,
    category: 'outdoor',
    stock: 30,
    featured: false,
    createdAt: '2023-08-25T06:50:00.000Z',
  },
  {
    slug: 'down-sleeping-bag',
    name: 'Down Sleeping Bag −5 °C',
    description:
      'Responsibly sourced duck down in a mummy cut, with a draught collar and a compression sack.',
    priceCents: 21900,
    category: 'outdoor',
    stock: 5,
    featured: false,
    createdAt: '2024-12-09T15:30:00.000Z',
  },
  {
    slug: 'headlamp-400',
    name: 'Headlamp 400 Lumen',
    description:
      'Rechargeable headlamp with red night mode, a lock-out switch and a beam that tilts where you look.',
    priceCents: 3290,
    category: 'outdoor',
    stock: 0,
    featured: false,
    createdAt: '2025-08-11T21:00:00.000Z',
  },
  {
    slug: 'packable-camp-chair',
    name: 'Packable Camp Chair',
    description: 'Folds to the size of a water bottle and seats you comfortably by the fire. Holds 120 kg.',
    priceCents: 5490,
    category: 'outdoor',
    stock: 17,
    featured: false,
    createdAt: '2024-05-29T17:45:00.000Z',
  },

  // Office
  {
    slug: 'walnut-desk-organiser',
    name: 'Walnut Desk Organiser',
    description:
      'Solid walnut tray with slots for pens, cards and a phone, to keep a small desk tidy and calm.',
    priceCents: 4900,
    category: 'office',
    stock: 13,
    featured: false,
    createdAt: '2024-03-04T08:30:00.000Z',
  },
  {
    slug: 'dot-grid-notebook-a5',
    name: 'Dot-Grid Notebook A5',
    description:
      '192 numbered pages of fountain-pen friendly paper, lay-flat binding and two ribbon markers.',
    priceCents: 1450,
    category: 'office',
    stock: 140,
    featured: true,
    createdAt: '2025-01-27T10:40:00.000Z',
  },
  {
    slug: 'ergonomic-mesh-chair',
    name: 'Ergonomic Mesh Office Chair',
    description: 'Breathable mesh back, adjustable lumbar support and 4D armrests for long days at the desk.',
    priceCents: 29900,
    category: 'office',
    stock: 3,
    featured: false,
    createdAt: '2024-09-30T13:50:00.000Z',
  },
  {
    slug: 'brass-fountain-pen',
    name: 'Brass Fountain Pen',
    description:
      'A solid brass pen that develops a patina with use; medium steel nib and a converter for bottled ink.',
    priceCents: 6800,
    category: 'office',
    stock: 0,
    featured: false,
    createdAt: '2023-11-21T09:10:00.000Z',
  },
  {
    slug: 'led-desk-lamp',
    name: 'LED Desk Lamp with Dimmer',
    description:
      'Slim aluminium arm, five colour temperatures and a touch dimmer, plus a USB-C port to charge your phone.',
    priceCents: 5990,
    category: 'office',
    stock: 26,
    featured: false,
    createdAt: '2025-06-23T16:05:00.000Z',
  },
  {
    slug: 'cork-pin-board',
    name: 'Cork Pin Board 60 × 40 cm',
    description:
      'Natural cork in a pale oak frame, with 20 brass push pins for notes, tickets and postcards.',
    priceCents: 2490,
    category: 'office',
    stock: 34,
    featured: false,
    createdAt: '2024-02-26T11:55:00.000Z',
  },

  // Toys & Games
  {
    slug: 'wooden-stacking-rainbow',
    name: 'Wooden Stacking Rainbow',
    description:
      'Seven arches in water-based colours for stacking, balancing and open-ended play. Ages 1 and up.',
    priceCents: 3490,
    category: 'toys',
    stock: 20,
    featured: true,
    createdAt: '2024-11-11T10:20:00.000Z',
  },
  {
    slug: 'lighthouse-puzzle-1000',
    name: '1000-Piece Lighthouse Puzzle',
    description: 'A stormy coastal scene on thick recycled board, with a poster of the picture in the box.',
    priceCents: 2290,
    category: 'toys',
    stock: 37,
    featured: false,
    createdAt: '2025-02-18T19:30:00.000Z',
  },
  {
    slug: 'family-strategy-board-game',
    name: 'Family Strategy Board Game',
    description:
      'Build trade routes across an archipelago in about 45 minutes; easy to learn for 2 to 5 players aged 8+.',
    priceCents: 4490,
    category: 'toys',
    stock: 15,
    featured: false,
    createdAt: '2023-12-19T18:00:00.000Z',
  },
  {
    slug: 'plush-red-fox',
    name: 'Plush Red Fox',
    description: 'A soft, floppy fox with a bushy tail, made from recycled fibres and machine washable.',
    priceCents: 1990,
    category: 'toys',
    stock: 60,
    featured: false,
    createdAt: '2025-09-03T14:45:00.000Z',
  },
  {
    slug: 'magnetic-building-tiles',
    name: 'Magnetic Building Tiles (60 pcs)',
    description:
      'Translucent magnetic shapes that snap into towers, castles and rockets; strong, safely sealed magnets.',
    priceCents: 5990,
    category: 'toys',
    stock: 0,
    featured: false,
    createdAt: '2024-07-25T12:15:00.000Z',
  },
  {
    slug: 'kite-for-beginners',
    name: 'Kite for Beginners',
    description: 'A stable delta kite that flies in light winds, with 30 m of line on a comfortable handle.',
    priceCents: 2490,
    category: 'toys',
    stock: 24,
    featured: false,
    createdAt: '2025-05-06T15:00:00.000Z',
  },

  // Apparel
  {
    slug: 'merino-crew-neck-sweater',
    name: 'Merino Crew-Neck Sweater',
    description: 'Fine-gauge merino wool that is warm without bulk and soft enough to wear next to the skin.',
    priceCents: 8900,
    category: 'apparel',
    stock: 21,
    featured: true,
    createdAt: '2024-10-02T09:15:00.000Z',
  },
  {
    slug: 'waxed-canvas-field-jacket',
    name: 'Waxed Canvas Field Jacket',
    description:
      'Shower-proof waxed cotton with a corduroy collar and four deep pockets; it only gets better with age.',
    priceCents: 18900,
    category: 'apparel',
    stock: 6,
    featured: false,
    createdAt: '2025-03-09T10:50:00.000Z',
  },
  {
    slug: 'organic-cotton-t-shirt',
    name: 'Organic Cotton T-Shirt',
    description: 'A heavyweight everyday tee in organic cotton, pre-shrunk and cut for a relaxed fit.',
    priceCents: 2490,
    category: 'apparel',
    stock: 95,
    featured: false,
    createdAt: '2023-09-05T08:20:00.000Z',
  },
  {
    slug: 'wool-beanie',
    name: 'Wool Beanie',
    description: 'Ribbed lambswool hat with a deep turn-up that keeps your ears warm on windy days.',
    priceCents: 2290,
    category: 'apparel',
    stock: 0,
    featured: false,
    createdAt: '2024-12-28T16:30:00.000Z',
  },
  {
    slug: 'rain-shell-jacket',
    name: 'Rain Shell Jacket',
    description:
      'Lightweight waterproof and breathable shell with taped seams and a hood that moves with your head.',
    priceCents: 12900,
    category: 'apparel',
    stock: 14,
    featured: false,
    createdAt: '2025-07-17T07:35:00.000Z',
  },
  {
    slug: 'linen-button-down-shirt',
    name: 'Linen Button-Down Shirt',
    description:
      'Washed European linen that stays cool in summer; mother-of-pearl buttons and a soft collar.',
    priceCents: 5990,
    category: 'apparel',
    stock: 27,
    featured: false,
    createdAt: '2024-06-01T13:40:00.000Z',
  },
];
