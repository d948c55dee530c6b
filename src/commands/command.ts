/**
 * The shape of a command handler. One module per command in this folder; the registry
 * in `index.ts` lists them. Handlers are platform-neutral: a request in, a `Reply` out.
 */
import type { CommandRequest, Suggestion, SuggestRequest } from '../adapter.ts';
import type { Reply } from './reply.ts';
import type { Services } from '../services.ts';

/** What a handler gets: the request, the clock, and the application's services. */
export interface CommandContext {
  readonly request: CommandRequest;
  /** Epoch ms; handlers never read the clock themselves. */
  readonly now: number;
  readonly services: Services;
  /** Admin of this chat, or a `BOT_OWNERS` member. */
  readonly isAdmin: boolean;
  /** A `BOT_OWNERS` member (or the operator at the console). */
  readonly isOwner: boolean;
}

/** Who may run a command. */
export type Audience = 'anyone' | 'admins' | 'owners';

/** A named option, for platforms with structured commands (Discord) and for help. */
export interface CommandOption {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Offer suggestions while the user types (Discord autocomplete). */
  readonly autocomplete?: boolean;
  /** A fixed set of values (Discord choices). */
  readonly choices?: readonly string[];
}

export interface Command {
  /** Lowercase name without slash: `news`. */
  readonly name: string;
  /** Argument synopsis for help: `<topic>`. */
  readonly usage: string;
  readonly description: string;
  readonly audience: Audience;
  /** Shown in /help and registered in platform menus; false for aliases such as `start`. */
  readonly listed: boolean;
  /**
   * Options in order. Platforms with structured options send them in
   * `request.options`; text platforms send `request.args`. Handlers accept both.
   */
  readonly options: readonly CommandOption[];
  run(context: CommandContext): Promise<Reply>;
  /** Suggestions for an option being typed (at most 25). */
  suggest?(request: SuggestRequest, services: Services, now: number): Promise<Suggestion[]>;
}
