/**
 * Renders reply values as readable terminal text, with ANSI styles only when asked
 * (stdout is a TTY and NO_COLOR is unset). News text is stripped of control characters
 * so a hostile headline cannot move the cursor or recolour the terminal.
 */
import type { Reply } from '../../src/commands/reply.ts';
import { briefingTitle, storyCount, timeAgo } from '../../src/format.ts';

/** Terminal lines are wrapped near this width for readability. */
export const WRAP_WIDTH = 88;

export interface RenderOptions {
  color: boolean;
  now: number;
}

const STYLE = { bold: 1, dim: 2, red: 31, green: 32, cyan: 36 } as const;

function styler(color: boolean) {
  return (style: keyof typeof STYLE, text: string) =>
    color ? `\u001b[${STYLE[style]}m${text}\u001b[0m` : text;
}

/** Removes C0/C1 control characters (ESC sequences included) except newlines. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Wraps a paragraph to `width`: the first line after `first`, the others after `rest`. */
export function wrap(text: string, first: string, rest = first, width = WRAP_WIDTH): string {
  const lines: string[] = [];
  let line = '';
  const indent = () => (lines.length === 0 ? first : rest);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent().length + line.length + 1 + word.length > width) {
      lines.push(indent() + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent() + line);
  return lines.join('\n');
}

export function renderReply(reply: Reply, options: RenderOptions): string {
  const s = styler(options.color);
  switch (reply.type) {
    case 'error':
      return s('red', `! ${clean(reply.message)}`);
    case 'message': {
      const parts: string[] = [];
      if (reply.title !== undefined) parts.push(s('bold', clean(reply.title)));
      if (reply.text !== undefined) parts.push(clean(reply.text));
      for (const section of reply.sections ?? []) {
        const lines = section.lines.map((line) => wrap(clean(line), '  • ', '    '));
        parts.push(
          [
            ...(section.heading === undefined ? [] : [s('bold', clean(section.heading))]),
            ...lines,
          ].join('\n'),
        );
      }
      return parts.join('\n\n');
    }
    case 'briefing': {
      const { briefing } = reply;
      const header = `${s('bold', clean(briefingTitle(briefing)))} ${s('dim', `— ${storyCount(briefing.stories.length)}`)}`;
      const parts = [
        reply.note === undefined ? header : `${s('dim', clean(reply.note))}\n${header}`,
      ];
      briefing.stories.forEach((story, index) => {
        const number = `${index + 1}.`.padEnd(4);
        const lines = [number + s('bold', clean(story.title))];
        if (story.summary !== '') lines.push(wrap(clean(story.summary), '    '));
        const meta = [
          clean(story.source),
          timeAgo(story.publishedAt, options.now),
          story.url === null ? null : clean(story.url),
        ]
          .filter((part): part is string => part !== null && part !== '')
          .join(' · ');
        lines.push(s('dim', `    ${meta}`));
        if (story.related.length > 0) {
          const also = story.related
            .map((report) => `${clean(report.title)} (${clean(report.source)})`)
            .join('; ');
          lines.push(s('cyan', wrap(`also: ${also}`, '    ')));
        }
        parts.push(lines.join('\n'));
      });
      return parts.join(briefing.kind === 'headlines' ? '\n' : '\n\n');
    }
  }
}
