import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stableId } from '../../src/sources/ids.ts';

describe('stableId', () => {
  it('GIVEN parts THEN the first 20 hex digits of SHA-256 over them joined by NUL, as always', () => {
    const want = createHash('sha256')
      .update('feed\u0000link\u0000https://a.example/1')
      .digest('hex');
    expect(stableId('feed', 'link', 'https://a.example/1')).toBe(want.slice(0, 20));
    // Ids are recorded by the scheduler: a change of scheme would re-deliver everything.
    expect(stableId('news/today.txt', 'Fed holds rates')).toBe('590627b94e32d14fae43');
  });
});
