import type { ChannelName, Output, ParsedInput } from '../../shared/contract.ts';
import type { Ctx } from './context.ts';

export type Handler<C extends ChannelName> = (input: ParsedInput<C>, ctx: Ctx) => Promise<Output<C>>;
/** One handler per channel: the compiler refuses a missing or misspelled one. */
export type HandlerMap = { [C in ChannelName]: Handler<C> };
