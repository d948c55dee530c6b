/**
 * Telegram Bot API limits the renderer and the adapter respect, and the presentation
 * choices made within them. Sources: https://core.telegram.org/bots/api and
 * https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */

/** Characters in one message's text (after entity parsing; Herald counts the HTML source, which is never shorter). */
export const MESSAGE_LIMIT = 4096;

/** Bytes of `callback_data` on an inline keyboard button. */
export const CALLBACK_DATA_LIMIT = 64;

/** Characters of the notification text in `answerCallbackQuery`. */
export const CALLBACK_ANSWER_LIMIT = 200;

/** A bot command name for `setMyCommands`: 1–32 of lowercase letters, digits and underscores. */
export const COMMAND_NAME_PATTERN = /^[a-z0-9_]{1,32}$/;

/** Characters of a command description for `setMyCommands`. */
export const COMMAND_DESCRIPTION_LIMIT = 256;

/** Commands in one `setMyCommands` list. */
export const COMMAND_LIST_LIMIT = 100;

/** Messages per second a bot may send across all chats before Telegram answers 429. */
export const MESSAGES_PER_SECOND = 30;

/** Messages per minute a bot may send into one group. */
export const GROUP_MESSAGES_PER_MINUTE = 20;

/** Messages per second a bot should send into one chat. */
export const CHAT_MESSAGES_PER_SECOND = 1;

// ---- Presentation choices (Herald's, within the limits above) -----------------------

/** Stories on one screen of a briefing; the "More" button pages through the rest. */
export const STORIES_PER_SCREEN = { news: 5, headlines: 10 } as const;

/** A story title longer than this is cut (a hostile or broken feed could send megabytes). */
export const TITLE_MAX = 300;

/** Source names and related-report titles are cut at this length. */
export const SHORT_TEXT_MAX = 120;

/** Related reports listed under a story ("also: …"); the rest are counted. */
export const RELATED_SHOWN = 3;

/** Longer links are shown as plain text rather than linked. */
export const URL_MAX = 2048;

/** A summary is cut rather than dropped while it keeps at least this many characters. */
export const SUMMARY_MIN = 80;
