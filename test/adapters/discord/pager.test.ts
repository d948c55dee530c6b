import { describe, expect, it } from 'vitest';
import { PageStore } from '../../../adapters/discord/pager.ts';
import type { DiscordMessage } from '../../../adapters/discord/render.ts';
import { Spacer } from '../../../adapters/discord/spacing.ts';

const page = (content: string): DiscordMessage => ({
  content,
  embeds: [],
  allowed_mentions: { parse: [] },
});

describe('Discord paged briefings in memory', () => {
  it('GIVEN a briefing older than the TTL THEN its pages are gone', () => {
    let now = 0;
    const store = new PageStore({ ttlMs: 1_000, clock: () => now });
    const token = store.put([page('1'), page('2')]);
    now = 999;
    expect(store.get(token)).toHaveLength(2);
    now = 1_000;
    expect(store.get(token)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('GIVEN more briefings than the cap THEN the oldest go first', () => {
    const store = new PageStore({ maxEntries: 2 });
    const first = store.put([page('a')]);
    const second = store.put([page('b')]);
    const third = store.put([page('c')]);
    expect(store.get(first)).toBeUndefined();
    expect(store.get(second)?.[0]?.content).toBe('b');
    expect(store.get(third)?.[0]?.content).toBe('c');
    expect(store.size).toBe(2);
  });

  it('GIVEN an unknown token THEN nothing is found', () => {
    expect(new PageStore().get('nope')).toBeUndefined();
  });
});

describe('Spacing of scheduled posts', () => {
  it('GIVEN turns taken at once THEN they come one interval apart, in order', async () => {
    const spacer = new Spacer(100);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, () => spacer.turn().then(() => times.push(performance.now()))),
    );
    expect(times).toHaveLength(5);
    // Lower bounds only (a slow machine only stretches the gaps), less the timers’ 1 ms rounding.
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[0]!).toBeGreaterThanOrEqual(i * 10 - 3);
  });
});
