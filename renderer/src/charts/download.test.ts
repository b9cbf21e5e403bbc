import { describe, expect, it } from 'vitest';
import { dataUrlBytes, fileStem } from './download';

describe('dataUrlBytes', () => {
  it('decodes a base64 PNG data URL', () => {
    const { mediaType, bytes } = dataUrlBytes('data:image/png;base64,iVBORw0KGgo=');
    expect(mediaType).toBe('image/png');
    expect(Array.from(bytes)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('decodes a percent-encoded SVG data URL and refuses anything else', () => {
    expect(new TextDecoder().decode(dataUrlBytes('data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E').bytes)).toBe('<svg/>');
    expect(() => dataUrlBytes('file:///tmp/a.png')).toThrow();
    expect(() => dataUrlBytes('blob:a.png')).toThrow();
  });
});

describe('fileStem', () => {
  it('makes a plain file name from titles', () => {
    expect(fileStem('Hodge Hill', 'Sex & age')).toBe('hodge-hill-sex-age');
    expect(fileStem('***')).toBe('chart');
  });
});
