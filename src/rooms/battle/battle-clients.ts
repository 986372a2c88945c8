import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Ref } from "@colyseus/schema";
import type { Seat } from "../../game";
import { intentMessages, type IntentMessageType } from "../../battle/intent-messages";
import { MessageBudget } from "../message-budget";

/** What the battle room keeps on a seated player's client. */
export interface BattleClientData {
  seat: Seat;
  budget: MessageBudget;
}

export function seatOf(client: Client): Seat | null {
  const seat = (client.userData as BattleClientData | undefined)?.seat;
  return seat === 0 || seat === 1 ? seat : null;
}

/** Seats a player's client: its message budget, and a StateView holding what its seat may see (its own hand). */
export function seatClient(client: Client, seat: Seat, messagesPerSecond: number, viewed: Iterable<Ref>): void {
  client.userData = { seat, budget: new MessageBudget(messagesPerSecond) } satisfies BattleClientData;
  client.view = new StateView();
  for (const ref of viewed) client.view.add(ref);
}

/** False when the client is over its message budget (the message is then dropped). */
export function takeFromBudget(client: Client): boolean {
  return (client.userData as BattleClientData | undefined)?.budget.take() !== false;
}

type IntentHandler = (client: Client, message: unknown) => void;

/** One message handler per intent type, each passing its type on: the `messages` map's intent entries. */
export function intentHandlers(handle: (client: Client, type: IntentMessageType, message: unknown) => void) {
  const types = Object.keys(intentMessages) as IntentMessageType[];
  return Object.fromEntries(
    types.map((type) => [type, (client: Client, message: unknown) => handle(client, type, message)]),
  ) as Record<IntentMessageType, IntentHandler>;
}
