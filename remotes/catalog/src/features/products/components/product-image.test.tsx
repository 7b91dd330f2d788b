import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProductImage } from './product-image';

describe('ProductImage', () => {
  it('shows the picture, and a tile with the initials when it cannot be loaded', () => {
    render(
      <ProductImage
        src="/api/catalog/images/brass-fountain-pen.svg"
        name="Brass Fountain Pen"
        className="x"
      />,
    );
    const img = screen.getByRole('img', { name: 'Brass Fountain Pen' });
    expect(img.tagName).toBe('IMG');
    fireEvent.error(img);
    const tile = screen.getByRole('img', { name: 'Brass Fountain Pen' });
    expect(tile.tagName).toBe('DIV');
    expect(tile.textContent).toBe('BF');
  });

  it('shows the tile when the product has no picture', () => {
    render(<ProductImage src={null} name="Desk Lamp" className="x" />);
    const tile = screen.getByRole('img', { name: 'Desk Lamp' });
    expect(tile.tagName).toBe('DIV');
    expect(tile.textContent).toBe('DL');
  });

  it('tries again when the source changes', () => {
    const { rerender } = render(<ProductImage src="/a.svg" name="Pen" className="x" />);
    fireEvent.error(screen.getByRole('img', { name: 'Pen' }));
    rerender(<ProductImage src="/b.svg" name="Pen" className="x" />);
    expect(screen.getByRole('img', { name: 'Pen' }).tagName).toBe('IMG');
  });
});
