/**
 * Small plain-text formatting shared by every renderer: relative times and briefing
 * headings. No markup here; renderers escape the results for their format.
 */
import type { Briefing } from '../briefings/types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 min ago", "3 h ago", "2 days ago", or a date for older items.
 * @example timeAgo('2026-11-25T08:00:00Z', Date.parse('2026-11-25T11:00:00Z')) // '3 h ago'
 */
export function timeAgo(iso: string | null, now: number): string | null {
  if (iso === null) return null;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const age = now - then;
  if (age < MINUTE) return age < -MINUTE ? 'upcoming' : 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 7 * DAY) {
    const days = Math.floor(age / DAY);
    return `${days} ${days === 1 ? 'day' : 'days'} ago`;
  }
  return new Date(then).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "News: japan", "Headlines", "Top stories". */
export function briefingTitle(briefing: Briefing): string {
  if (briefing.topic === null) return briefing.kind === 'news' ? 'Top stories' : 'Headlines';
  return `${briefing.kind === 'news' ? 'News' : 'Headlines'}: ${briefing.topic}`;
}

/** "2 stories", "1 story". */
export function storyCount(count: number): string {
  return `${count} ${count === 1 ? 'story' : 'stories'}`;
}
