/**
 * Discord's limits, named, beside the renderer that keeps within them. Lengths are
 * counted in UTF-16 code units (JavaScript `length`), which is never less than Discord's
 * own count, so staying within these keeps within Discord's.
 * See https://discord.com/developers/docs/resources/message#embed-object-embed-limits.
 */

/** Characters in a message's `content`. */
export const MESSAGE_CONTENT_LIMIT = 2_000;
/** Embeds in one message. */
export const EMBEDS_PER_MESSAGE = 10;
/** Characters across every embed of one message (titles, descriptions, fields, footers, authors). */
export const EMBED_TOTAL_LIMIT = 6_000;
export const EMBED_TITLE_LIMIT = 256;
export const EMBED_DESCRIPTION_LIMIT = 4_096;
export const EMBED_FIELDS_LIMIT = 25;
export const EMBED_FIELD_NAME_LIMIT = 256;
export const EMBED_FIELD_VALUE_LIMIT = 1_024;
export const EMBED_FOOTER_LIMIT = 2_048;
/** Discord refuses embed URLs longer than this. */
export const EMBED_URL_LIMIT = 2_048;

/** A component's `custom_id`. */
export const CUSTOM_ID_LIMIT = 100;
/** Choices in one autocomplete answer. */
export const AUTOCOMPLETE_CHOICES_LIMIT = 25;
/** Characters in an autocomplete choice's name, and in a string choice's value. */
export const CHOICE_NAME_LIMIT = 100;
export const CHOICE_VALUE_LIMIT = 100;

/** Slash command names and option names: 1 to 32 characters. */
export const COMMAND_NAME_LIMIT = 32;
/** Slash command and option descriptions: 1 to 100 characters. */
export const COMMAND_DESCRIPTION_LIMIT = 100;
/** Options per command, and choices per option. */
export const COMMAND_OPTIONS_LIMIT = 25;

/** An interaction must be answered within this time, or Discord shows it failed. */
export const INTERACTION_RESPONSE_DEADLINE_MS = 3_000;
