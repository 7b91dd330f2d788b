// The cart-events feature's public entry: what other features may import (lint/no-feature-internals.grit).
export { AddToCartButton } from './add-to-cart-button';
