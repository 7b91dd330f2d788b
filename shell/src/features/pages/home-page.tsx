import { RemoteSlot } from '../remotes';

const FEATURED_PROPS = { limit: 4 };

/** A hero line, the featured strip and the catalog grid. */
export function HomePage() {
  return (
    <>
      <section className="shell-hero">
        {/* A paragraph, not a heading: the catalog remote owns the page's headings. */}
        <p className="shell-hero-title">Good things for every day, delivered fast.</p>
      </section>
      <RemoteSlot
        remote="catalog"
        module="./FeaturedProducts"
        props={FEATURED_PROPS}
        title="Featured products"
        reserve="shell-slot-featured"
      />
      <RemoteSlot remote="catalog" module="./CatalogPage" title="The catalog" />
    </>
  );
}
