import { describe, expect, it } from 'vitest';
import {
  EMBEDS_PER_MESSAGE,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  MESSAGE_CONTENT_LIMIT,
} from '../../../adapters/discord/limits.ts';
import {
  embedLength,
  escapeBlock,
  pagerRow,
  parsePagerId,
  renderChoices,
  renderReply,
  type DiscordMessage,
} from '../../../adapters/discord/render.ts';
import type { Briefing, Story } from '../../../briefings/types.ts';
import { pings, validateMessage } from '../../fakes/discord-api.ts';
import { visible, visibleText } from './harness.ts';

const words = (count: number, word = 'lorem') =>
  Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ');

function story(overrides: Partial<Story> = {}): Story {
  return {
    title: 'Japan and US arrange a summit',
    summary: 'Leaders will meet in Washington. Trade and defence are on the agenda.',
    url: 'https://example.com/japan',
    source: 'Example Wire',
    publishedAt: '2026-11-25T08:00:00.000Z',
    related: [],
    ...overrides,
  };
}

function briefing(stories: Story[], kind: Briefing['kind'] = 'news'): Briefing {
  return { kind, topic: 'japan', generatedAt: '2026-11-25T12:00:00.000Z', stories };
}

/** Every limit Discord enforces on a message, checked by hand and by the fake's own validator. */
function expectWithinLimits(message: DiscordMessage): void {
  expect((message.content ?? '').length).toBeLessThanOrEqual(MESSAGE_CONTENT_LIMIT);
  expect(message.embeds.length).toBeLessThanOrEqual(EMBEDS_PER_MESSAGE);
  expect(message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(
    EMBED_TOTAL_LIMIT,
  );
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(EMBED_TITLE_LIMIT);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(EMBED_DESCRIPTION_LIMIT);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_FOOTER_LIMIT);
    for (const field of embed.fields ?? [])
      expect(field.value.length).toBeLessThanOrEqual(EMBED_FIELD_VALUE_LIMIT);
  }
  expect(validateMessage(message as unknown as Record<string, unknown>, true)).toEqual([]);
}

const asFake = (message: DiscordMessage) => ({
  content: message.content ?? '',
  embeds: message.embeds as Record<string, unknown>[],
});

describe('Discord rendering', () => {
  it('GIVEN a briefing of ten very long stories THEN every page keeps within every Discord limit and no story is lost', () => {
    const stories = Array.from({ length: 10 }, (_, i) =>
      story({
        title: `Story ${i} ${words(80, 'headline')}`,
        summary: `Summary ${i}. ${words(1500, 'sentence')}.`,
        source: `Source ${i} ${words(600, 'src')}`,
        related: Array.from({ length: 40 }, (_, j) => ({
          title: `Related ${i}.${j} ${words(60, 'rel')}`,
          url: `https://example.com/${i}/${j}`,
          source: `Outlet ${j}`,
        })),
      }),
    );
    const pages = renderReply({
      type: 'briefing',
      briefing: briefing(stories),
      note: 'Your 08:00 briefing',
    });

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expectWithinLimits(page);
    const titles = pages.flatMap((page) => page.embeds.map((embed) => embed.title ?? ''));
    expect(titles).toHaveLength(10);
    titles.forEach((title, i) => expect(title.startsWith(`Story ${i} `)).toBe(true));
    // Cut text says so: a long summary ends with an ellipsis and the title links to the full story.
    const first = pages[0]?.embeds[0];
    expect(first?.description?.endsWith('…')).toBe(true);
    expect(first?.url).toBe('https://example.com/japan');
    expect(first?.fields?.[0]?.value).toMatch(/…and \d+ more$/);
    expect(pages[0]?.content).toContain('Your 08:00 briefing');
    expect(pages[0]?.content).toContain(`page 1/${pages.length}`);
  });

  it('GIVEN one story THEN its embed has the linked title, summary, source footer, timestamp and related reports', () => {
    const [page] = renderReply({
      type: 'briefing',
      briefing: briefing([
        story({
          related: [
            {
              title: 'Summit set for February',
              url: 'https://other.example/a',
              source: 'Other News',
            },
          ],
        }),
      ]),
    });
    expect(page?.embeds).toEqual([
      {
        title: 'Japan and US arrange a summit',
        url: 'https://example.com/japan',
        description: 'Leaders will meet in Washington. Trade and defence are on the agenda.',
        footer: { text: 'Example Wire' },
        timestamp: '2026-11-25T08:00:00.000Z',
        color: expect.any(Number) as number,
        fields: [
          {
            name: 'Also reported by',
            value: '• [Summit set for February](https://other.example/a) — Other News',
          },
        ],
      },
    ]);
    expect(page?.content).toBe('**News: japan** · 1 story');
    expect(page?.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN @everyone, a role mention and markdown in news text THEN nothing pings and the text shows literally', () => {
    const hostile = story({
      title: '@everyone **Breaking** <@&123456> _rally_',
      summary:
        '@here <@&123456> <@42> # Heading\n> quote\n- item [click](https://evil.example) `code` ||spoiler||',
      source: 'Hostile Wire',
      related: [{ title: '[fake](https://evil.example) @everyone', url: null, source: '<@&1>' }],
    });
    const messages = [
      ...renderReply({
        type: 'briefing',
        briefing: briefing([hostile]),
        note: '@everyone <@&123456> note',
      }),
      ...renderReply({
        type: 'message',
        title: '@everyone',
        text: '<@&123456> hello',
        sections: [{ lines: ['@here'] }],
      }),
      ...renderReply({ type: 'error', code: 'bad-input', message: '@everyone <@&123456>' }),
    ];
    for (const message of messages) {
      expect(message.allowed_mentions).toEqual({ parse: [] });
      expect(pings(message.content ?? '', message.allowed_mentions)).toEqual({
        everyone: false,
        users: [],
        roles: [],
      });
    }
    const text = visibleText(asFake(messages[0] as DiscordMessage));
    expect(text).toContain('@everyone **Breaking** <@&123456> _rally_');
    expect(text).toContain(
      '@here <@&123456> <@42> # Heading\n> quote\n- item [click](https://evil.example) `code` ||spoiler||',
    );
    expect(text).toContain('[fake](https://evil.example) @everyone');
    // Not a masked link any more: the brackets are escaped.
    expect(messages[0]?.embeds[0]?.description).toContain('\\[click\\](https://evil.example)');
  });

  it('GIVEN text with URLs THEN markdown around them is escaped and the URLs stay whole', () => {
    expect(escapeBlock('see https://example.com/a_b*c and *this*')).toBe(
      'see https://example.com/a_b*c and \\*this\\*',
    );
    expect(visible(escapeBlock('1. one\n2. two\n-# small'))).toBe('1. one\n2. two\n-# small');
  });

  it('GIVEN a headline digest of twenty stories THEN it is one compact numbered list of linked headlines', () => {
    const stories = Array.from({ length: 20 }, (_, i) =>
      story({ title: `Headline ${i + 1}`, summary: '', url: `https://example.com/${i}` }),
    );
    const pages = renderReply({ type: 'briefing', briefing: briefing(stories, 'headlines') });
    expect(pages).toHaveLength(1);
    const [embed] = pages[0]?.embeds ?? [];
    expect(pages[0]?.embeds).toHaveLength(1);
    expect(embed?.description?.split('\n')).toHaveLength(20);
    expect(embed?.description).toMatch(
      /^\*\*1\.\*\* \[Headline 1\]\(https:\/\/example\.com\/0\) — Example Wire · <t:\d+:R>/,
    );
    for (const page of pages) expectWithinLimits(page);
  });

  it('GIVEN a message with hundreds of long lines THEN it is split across embeds and messages without losing a line', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${words(12, 'w')}`);
    const messages = renderReply({
      type: 'message',
      title: 'Subscriptions',
      text: 'All of them:',
      sections: [{ heading: 'Active', lines }],
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expectWithinLimits(message);
    const text = messages.map((message) => visibleText(asFake(message))).join('\n');
    for (let i = 0; i < 300; i++) expect(text).toContain(`line ${i} `);
    expect(messages[0]?.embeds[0]?.title).toBe('Subscriptions');
  });

  it('GIVEN a briefing without stories or a message without text THEN there is still something valid to show', () => {
    const [empty] = renderReply({ type: 'briefing', briefing: briefing([]) });
    expect(empty?.content).toBe('**News: japan** · 0 stories');
    expect(empty?.embeds).toEqual([]);
    for (const message of [
      ...renderReply({ type: 'message' }),
      ...renderReply({ type: 'message', title: 'Done' }),
    ]) {
      expect(validateMessage(message as unknown as Record<string, unknown>, true)).toEqual([]);
      expect(visibleText(asFake(message)).length).toBeGreaterThan(0);
    }
  });

  it('GIVEN an error THEN it is one ephemeral line', () => {
    expect(
      renderReply({
        type: 'error',
        code: 'not-allowed',
        message: 'Only channel admins can change subscriptions.',
      }),
    ).toEqual([
      {
        content: 'Only channel admins can change subscriptions.',
        embeds: [],
        allowed_mentions: { parse: [] },
        flags: 64,
      },
    ]);
  });

  it('GIVEN a link that is not http(s) THEN the embed has no URL', () => {
    const [page] = renderReply({
      type: 'briefing',
      briefing: briefing([story({ url: 'javascript:alert(1)' })]),
    });
    expect(page?.embeds[0]?.url).toBeUndefined();
  });

  it('GIVEN forty suggestions THEN at most 25 choices go back, names within 100 characters, unsendable values left out', () => {
    const suggestions = [
      { name: 'x'.repeat(150), value: 'long-name' },
      { name: 'too long value', value: 'v'.repeat(101) },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `Topic ${i}`, value: `topic-${i}` })),
    ];
    const choices = renderChoices(suggestions);
    expect(choices).toHaveLength(25);
    expect(choices[0]?.name.length).toBeLessThanOrEqual(100);
    expect(choices.some((choice) => choice.value.length > 100)).toBe(false);
  });

  it('GIVEN a pager row THEN its custom_ids fit, are distinct, and parse back to the page they open', () => {
    const row = pagerRow('AbCdEfGhIjKlMnOp', 0, 3);
    const [previous, more] = row.components;
    expect(previous?.disabled).toBe(true);
    expect(more?.custom_id.length).toBeLessThanOrEqual(100);
    expect(previous?.custom_id).not.toBe(more?.custom_id);
    expect(parsePagerId(more?.custom_id ?? '')).toEqual({ token: 'AbCdEfGhIjKlMnOp', page: 1 });
    expect(parsePagerId('someone-else:button')).toBeNull();
  });
});
