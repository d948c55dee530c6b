/**
 * The shape of a command handler. One module per command in this folder; the registry
 * in `index.ts` lists them. Handlers are platform-neutral: a request in, a `Reply` out.
 */
import type { CommandRequest } from '../adapter.ts';
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
  /** A `BOT_OWNERS` member. */
  readonly isOwner: boolean;
}

/** Who may run a command. */
export type Audience = 'anyone' | 'admins' | 'owners';

export interface Command {
  /** Lowercase name without slash: `news`. */
  readonly name: string;
  /** Argument synopsis for help: `<topic>`. */
  readonly usage: string;
  readonly description: string;
  readonly audience: Audience;
  /** Shown in /help and registered in platform menus; false for aliases such as `start`. */
  readonly listed: boolean;
  run(context: CommandContext): Promise<Reply>;
}
