/**
 * `/news [topic]` and `/headlines [topic]`: a briefing composed by the engine.
 */
import type { BriefingKind } from '../../briefings/types.ts';
import type { Suggestion, SuggestRequest } from '../adapter.ts';
import type { Services } from '../services.ts';
import type { Command, CommandContext } from './command.ts';
import { message, userError, type Reply } from './reply.ts';
import { parseTopic } from './topic.ts';

/** Stories in one on-demand briefing; adapters page through them. */
export const NEWS_LIMIT = 10;
export const HEADLINES_LIMIT = 20;

const topicOption = (required: boolean) => ({
  name: 'topic',
  description: required
    ? 'What the news should be about, e.g. japan'
    : 'Optional topic, e.g. economy',
  required,
  autocomplete: true,
});

export const newsCommand: Command = {
  name: 'news',
  usage: '<topic>',
  description: 'A briefing on a topic: ranked stories with summaries (no topic: top stories)',
  audience: 'anyone',
  listed: true,
  options: [topicOption(false)],
  run: (context) => brief(context, 'news'),
  suggest: suggestTopics,
};

export const headlinesCommand: Command = {
  name: 'headlines',
  usage: '[topic]',
  description: 'A compact headline digest, on a topic or across all news',
  audience: 'anyone',
  listed: true,
  options: [topicOption(false)],
  run: (context) => brief(context, 'headlines'),
  suggest: suggestTopics,
};

function brief(context: CommandContext, kind: BriefingKind): Promise<Reply> {
  const { request, services, now } = context;
  const parsed = parseTopic(request.options?.['topic'] ?? request.args);
  if (!parsed.ok) return Promise.resolve(userError('bad-input', parsed.message));
  const { topic } = parsed;
  if (services.news.size === 0) {
    return Promise.resolve(
      message({
        text: 'There is no news loaded yet. Add files to the news folder or configure feeds, then try again.',
      }),
    );
  }
  const { briefing } = services.news.brief({
    kind,
    topic,
    now,
    limit: kind === 'news' ? NEWS_LIMIT : HEADLINES_LIMIT,
  });
  if (briefing.stories.length === 0) {
    return Promise.resolve(
      message({
        text: `No stories about “${topic ?? ''}” right now. Try a broader word, or /topics to see what is in the news.`,
      }),
    );
  }
  const note =
    topic === null && kind === 'news'
      ? 'Top stories. Ask for a topic with /news <topic>, for example /news japan.'
      : undefined;
  return Promise.resolve({ type: 'briefing', briefing, ...(note === undefined ? {} : { note }) });
}

/** Topic suggestions: defined topics, then trending subjects, filtered by what is typed. */
export function suggestTopics(
  request: SuggestRequest,
  services: Services,
  now: number,
): Promise<Suggestion[]> {
  const typed = request.partial.trim().toLowerCase();
  const names = [
    ...services.news.topics().map((topic) => topic.name),
    ...services.news.trending(now, 25).map((subject) => subject.subject),
  ];
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key) || (typed !== '' && !key.includes(typed))) continue;
    seen.add(key);
    suggestions.push({ name, value: key });
  }
  suggestions.sort(
    (a, b) => Number(!a.value.startsWith(typed)) - Number(!b.value.startsWith(typed)),
  );
  return Promise.resolve(suggestions.slice(0, 25));
}
