// Every module the shell's routes and slots place (app.tsx, home-page, product-page, the header slots),
// imported statically: in the monolith build they are part of the one bundle.
import * as AccountMenu from 'account/AccountMenu';
import * as AccountPage from 'account/AccountPage';
import * as SignIn from 'account/SignIn';
import * as CartBadge from 'cart/CartBadge';
import * as CartPage from 'cart/CartPage';
import * as Checkout from 'cart/Checkout';
import * as CatalogPage from 'catalog/CatalogPage';
import * as FeaturedProducts from 'catalog/FeaturedProducts';
import * as ProductDetail from 'catalog/ProductDetail';
import type { StaticModuleTable } from './static-services';

/** The bundled modules by remote and exposed name, as the federated loader would resolve them. */
export const REMOTE_MODULES: StaticModuleTable = {
  catalog: {
    './CatalogPage': CatalogPage,
    './ProductDetail': ProductDetail,
    './FeaturedProducts': FeaturedProducts,
  },
  cart: { './CartBadge': CartBadge, './CartPage': CartPage, './Checkout': Checkout },
  account: { './AccountMenu': AccountMenu, './SignIn': SignIn, './AccountPage': AccountPage },
};
