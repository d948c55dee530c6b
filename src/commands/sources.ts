/**
 * `/sources` (owners only): each feed's health and the size of the corpus. Feed
 * addresses are shown to owners only: they come from the operator's configuration.
 */
import type { FeedHealth } from '../sources/feed-service.ts';
import type { Command } from './command.ts';
import { message, type Section } from './reply.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "5 min", "3 h", "2 days". */
function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)} h`;
  const days = Math.floor(abs / DAY);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const ago = (at: number, now: number) => `${span(now - at)} ago`;
const until = (at: number, now: number) => (at <= now ? 'due now' : `in ${span(at - now)}`);

function items(count: number): string {
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

/** One plain-text line per feed. */
export function feedLine(feed: FeedHealth, now: number): string {
  const name = feed.title === null ? feed.url : `${feed.title} (${feed.url})`;
  const parts: string[] = [];
  if (feed.status === 'failing') {
    const since =
      feed.lastSuccessAt === null
        ? 'never fetched'
        : `last success ${ago(feed.lastSuccessAt, now)}`;
    parts.push(
      `failing (${feed.consecutiveFailures}×): ${feed.lastError ?? 'unknown error'}`,
      since,
      `${items(feed.items)} kept`,
    );
  } else if (feed.status === 'pending') {
    parts.push('not fetched yet');
  } else {
    parts.push(items(feed.items));
    if (feed.newestAt !== null) parts.push(`newest ${ago(feed.newestAt, now)}`);
    if (feed.lastSuccessAt !== null) parts.push(`checked ${ago(feed.lastSuccessAt, now)}`);
  }
  if (feed.nextPollAt !== null) parts.push(`next poll ${until(feed.nextPollAt, now)}`);
  return `${feed.status === 'ok' ? '✓' : feed.status === 'failing' ? '✗' : '…'} ${name}: ${parts.join('; ')}`;
}

export const sourcesCommand: Command = {
  name: 'sources',
  usage: '',
  description: 'Feed health and corpus size (owners only)',
  audience: 'owners',
  listed: true,
  options: [],
  run({ services, now }) {
    const corpus = services.news.size;
    const feeds = services.feeds;
    if (feeds === undefined || feeds.feeds.length === 0) {
      return Promise.resolve(
        message({
          title: 'Sources',
          text: `The corpus holds ${items(corpus)}, all from local files. No feeds are configured: set NEWS_FEEDS or NEWS_FEEDS_FILE.`,
        }),
      );
    }
    const health = feeds.health();
    const failing = health.filter((f) => f.status === 'failing');
    const sections: Section[] = [];
    if (failing.length > 0) {
      sections.push({
        heading: `Failing (${failing.length})`,
        lines: failing.map((f) => feedLine(f, now)),
      });
    }
    const rest = health.filter((f) => f.status !== 'failing');
    if (rest.length > 0) {
      sections.push({
        heading: `Working (${rest.length})`,
        lines: rest.map((f) => feedLine(f, now)),
      });
    }
    return Promise.resolve(
      message({
        title: 'Sources',
        text: `The corpus holds ${items(corpus)}, ${feeds.articleCount} of them from ${health.length} ${health.length === 1 ? 'feed' : 'feeds'} (${failing.length} failing).`,
        sections,
      }),
    );
  },
};
