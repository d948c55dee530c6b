import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../src/config.ts';

function problems(env: Record<string, string>): readonly string[] {
  try {
    createConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('GIVEN an empty environment THEN the defaults of DESIGN.md apply and no platform is on', () => {
    const config = createConfig({});
    expect(config.telegram).toBeNull();
    expect(config.discord).toBeNull();
    expect(config.news).toEqual({
      dataDir: 'data/news',
      feeds: [],
      feedsFile: null,
      pollMinutes: 15,
      retentionDays: 7,
    });
    expect(config.storeUrl).toBe('sqlite://data/herald.sqlite');
    expect(config.defaultTimeZone).toBe('UTC');
    expect(config.briefingGraceHours).toBe(6);
    expect(Object.isFrozen(config.news)).toBe(true);
  });

  it('GIVEN empty variables as in .env.example THEN they count as unset', () => {
    const config = createConfig({
      TELEGRAM_API_ROOT: '',
      FEED_POLL_MINUTES: ' ',
      NEWS_DATA_DIR: '',
    });
    expect(config.news.pollMinutes).toBe(15);
    expect(config.news.dataDir).toBe('data/news');
  });

  it('GIVEN tokens THEN the platforms are configured with their API roots', () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      DISCORD_TOKEN: 'x.y.z',
      DISCORD_APPLICATION_ID: '123456789012345678',
      NEWS_FEEDS: 'https://a.example/feed, https://b.example/rss\nhttps://c.example/atom',
      BOT_OWNERS: 'telegram:1, discord:2',
    });
    expect(config.telegram).toEqual({ token: '123:abc', apiRoot: 'http://127.0.0.1:8081' });
    expect(config.discord?.apiBase).toBe('https://discord.com/api');
    expect(config.news.feeds).toHaveLength(3);
    expect(config.owners).toEqual(['telegram:1', 'discord:2']);
  });

  it('GIVEN bad values THEN every problem names its variable and the fix, without echoing secrets', () => {
    const found = problems({
      FEED_POLL_MINUTES: 'often',
      DEFAULT_TIMEZONE: 'Mars/Olympus',
      STORE_URL: 'mysql://user:secret@host/db',
      DISCORD_TOKEN: 'secret-token',
      BOT_OWNERS: 'alice',
    });
    expect(found.join('\n')).toMatch(/^FEED_POLL_MINUTES must be a number/m);
    expect(found.join('\n')).toMatch(/^DEFAULT_TIMEZONE must be an IANA time zone/m);
    expect(found.join('\n')).toMatch(/^STORE_URL must start with sqlite:\/\//m);
    expect(found.join('\n')).toMatch(
      /^DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set/m,
    );
    expect(found.join('\n')).toMatch(/^BOT_OWNERS 'alice' is not PLATFORM:USER_ID/m);
    expect(found.join('\n')).not.toContain('secret');
  });
});
