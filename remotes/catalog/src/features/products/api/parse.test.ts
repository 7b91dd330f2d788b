import { catalogProducts } from '@storefront/mocks';
import { describe, expect, it } from 'vitest';
import { parseCategory, parseProduct, parseProducts } from './parse';

const product = catalogProducts[0];

describe('parseProduct', () => {
  it('reads a product of the contract as it is', () => {
    expect(parseProduct(product)).toEqual(product);
  });

  it('drops a product without an integer id, a slug, a name or a price, and fills the rest', () => {
    expect(parseProduct({ ...product, id: 'p-001' })).toBeNull();
    expect(parseProduct({ ...product, slug: '' })).toBeNull();
    expect(parseProduct({ ...product, priceCents: '39.00' })).toBeNull();
    expect(parseProduct({ id: 7, slug: 'mug', name: 'Mug', priceCents: 900, imageUrl: '' })).toEqual({
      id: 7,
      slug: 'mug',
      name: 'Mug',
      description: '',
      priceCents: 900,
      currency: 'USD',
      category: '',
      categoryName: '',
      imageUrl: null,
      stock: 0,
      featured: false,
    });
  });

  it('keeps the products of a list that fit, and refuses what is not a list', () => {
    expect(parseProducts([product, { id: 'x' }, null])).toEqual([product]);
    expect(parseProducts({ items: [] })).toBeNull();
  });
});

describe('parseCategory', () => {
  it('needs a slug and names the category by it when the name is missing', () => {
    expect(parseCategory({ slug: 'audio', name: 'Audio', productCount: 4 })).toEqual({
      slug: 'audio',
      name: 'Audio',
      productCount: 4,
    });
    expect(parseCategory({ slug: 'audio' })).toEqual({ slug: 'audio', name: 'audio', productCount: 0 });
    expect(parseCategory({ name: 'Audio' })).toBeNull();
  });
});
