// The remotes' exposed modules as the monolith build imports them (`catalog/CatalogPage`): webpack maps each
// to the remote's file with resolve.alias, and typechecking the monolith must not reach into the remotes' source.

declare module 'catalog/*' {
  import type { ComponentType } from 'react';

  const Component: ComponentType<Record<string, unknown>>;
  export default Component;
}

declare module 'cart/*' {
  import type { ComponentType } from 'react';

  const Component: ComponentType<Record<string, unknown>>;
  export default Component;
}

declare module 'account/*' {
  import type { ComponentType } from 'react';

  const Component: ComponentType<Record<string, unknown>>;
  export default Component;
}
