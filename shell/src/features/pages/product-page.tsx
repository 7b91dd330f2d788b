import { useMemo } from 'react';
import { useParams } from 'react-router';
import { RemoteSlot } from '../remotes';

/** One product, rendered by the catalog remote. */
export function ProductPage() {
  const { id = '' } = useParams();
  const props = useMemo(() => ({ productId: id }), [id]);
  return <RemoteSlot remote="catalog" module="./ProductDetail" props={props} title="This product" />;
}
