import { useState } from 'react';
import './catalog.css';

/** Props of {@link ProductImage}. */
export interface ProductImageProps {
  /** The picture's URL; null when the product has none. */
  src: string | null;
  name: string;
  className: string;
  lazy?: boolean;
}

/**
 * A product picture that falls back to a neutral tile with the product's initials when there is none or it cannot
 * be loaded — e.g. while the catalog is degraded and the BFF has no saved copy of that image.
 */
export function ProductImage({ src, name, className, lazy = false }: ProductImageProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (src === null || failedSrc === src) {
    const initials = name
      .split(/\s+/)
      .filter((word) => /^[\p{L}\p{N}]/u.test(word))
      .slice(0, 2)
      .map((word) => word.charAt(0).toUpperCase())
      .join('');
    return (
      <div className={`${className} catalog-image-missing`} role="img" aria-label={name}>
        <span aria-hidden="true">{initials}</span>
      </div>
    );
  }
  return (
    <img
      className={className}
      src={src}
      alt={name}
      width={400}
      height={300}
      loading={lazy ? 'lazy' : undefined}
      onError={() => setFailedSrc(src)}
    />
  );
}
