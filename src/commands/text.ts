/**
 * Parsing of command text as typed in a chat: `/news japan`, `/news@HeraldBot japan`.
 */

export interface CommandText {
  /** Lowercased command name without slash or bot suffix. */
  command: string;
  /** The bot username after `@`, when given. */
  botName: string | null;
  /** Everything after the command, trimmed. */
  args: string;
}

/**
 * Splits a chat line into command, optional `@bot` suffix and arguments; null when the
 * line is not a command.
 * @example parseCommandText('/news@HeraldBot japan') // { command: 'news', botName: 'HeraldBot', args: 'japan' }
 */
export function parseCommandText(line: string): CommandText | null {
  const match = /^\/([\p{L}\p{N}_-]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/u.exec(
    line.trim(),
  );
  if (match === null) return null;
  return {
    command: (match[1] ?? '').toLowerCase(),
    botName: match[2] ?? null,
    args: (match[3] ?? '').trim(),
  };
}
