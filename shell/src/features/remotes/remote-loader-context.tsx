import { createContext, type ReactNode, useContext } from 'react';

/** Loads an exposed module (`./CatalogPage`) of a remote; resolves to the module object. */
export type RemoteModuleLoader = (remote: string, module: string) => Promise<unknown>;

const RemoteLoaderContext = createContext<RemoteModuleLoader | null>(null);

/** Gives the slots their loader: the MF runtime in the app, a fake in tests. */
export function RemoteLoaderProvider({
  loader,
  children,
}: {
  loader: RemoteModuleLoader;
  children: ReactNode;
}) {
  return <RemoteLoaderContext value={loader}>{children}</RemoteLoaderContext>;
}

/** The loader of the nearest RemoteLoaderProvider. */
export function useRemoteLoader(): RemoteModuleLoader {
  const loader = useContext(RemoteLoaderContext);
  if (!loader) throw new Error('RemoteSlot needs a <RemoteLoaderProvider>');
  return loader;
}
