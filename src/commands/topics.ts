/**
 * `/topics`: the defined topics and the subjects most named in current news.
 */
import type { Command } from './command.ts';
import { message } from './reply.ts';

const TRENDING_COUNT = 10;

export const topicsCommand: Command = {
  name: 'topics',
  usage: '',
  description: 'Known topics and what is trending in the news',
  audience: 'anyone',
  listed: true,
  options: [],
  run({ services, now }) {
    const topics = services.news.topics();
    const trending = services.news.trending(now, TRENDING_COUNT);
    return Promise.resolve(
      message({
        title: 'Topics',
        text: 'Use any of these with /news or /headlines, or type your own words.',
        sections: [
          {
            heading: 'Topics',
            lines: topics.map((topic) => `${topic.name} — ${topic.description}`),
          },
          {
            heading: 'Trending now',
            lines:
              trending.length === 0
                ? ['Nothing stands out yet.']
                : trending.map(
                    ({ subject, count }) =>
                      `${subject} (${count} ${count === 1 ? 'story' : 'stories'})`,
                  ),
          },
        ],
      }),
    );
  },
};
