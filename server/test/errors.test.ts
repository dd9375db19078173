import { describe, expect, it } from 'vitest';
import { assertStorable, unstorablePath } from '../src/errors';

describe('unstorablePath', () => {
  it('names the first value or key PostgreSQL cannot store, and nothing for storable data', () => {
    expect(unstorablePath({ a: 'ok', b: [1, 'fine', { c: null }] })).toBeUndefined();
    expect(unstorablePath('a\u0000b')).toBe('');
    expect(unstorablePath({ lead: { name: { family: 'x\ud800' } } })).toBe('lead.name.family');
    expect(unstorablePath({ list: ['ok', 'bad\u0000'] })).toBe('list.1');
    expect(unstorablePath({ lead: { ['k\u0000']: 'v' } })).toBe('lead.(key)');
    expect(unstorablePath({ pair: '\ud83d\ude00' })).toBeUndefined(); // a paired surrogate is an emoji
    expect(() => assertStorable({ note: '\udc00' })).toThrow(/unpaired surrogate/);
  });
});
