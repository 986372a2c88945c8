// One line of the battle log per engine event (src/game/types.ts GameEvent), from one seat's point of view.
import type { CardLookup } from "./board";

type AnyEvent = { type: string } & Record<string, any>;

export function describeEvent(
  e: AnyEvent,
  mySeat: number,
  cards: CardLookup,
  names: Map<string, string>,
): string | null {
  const who = (seat: number) => (seat === mySeat ? "You" : "Opponent");
  const cardName = (id: string | undefined) => (id ? (cards(id)?.name ?? id) : "a card");
  const entity = (id: string | undefined) => {
    if (!id) return "?";
    if (id.startsWith("hero:")) return Number(id.slice(5)) === mySeat ? "your hero" : "the enemy hero";
    return names.get(id) ?? id;
  };
  switch (e.type) {
    case "game_start":
      return `${who(e.first)} go${e.first === mySeat ? "" : "es"} first.`;
    case "turn_start":
      return `Turn ${e.turn}: ${e.seat === mySeat ? "your" : "opponent's"} turn.`;
    case "mulligan":
      return "replaced" in e
        ? `You replaced ${e.replaced.length} card(s).`
        : `${who(e.seat)} replaced ${e.count ?? 0} card(s).`;
    case "draw":
      return e.seat === mySeat ? (e.card ? `You draw ${cardName(e.card)}.` : null) : "Opponent draws a card.";
    case "burn":
      return `${who(e.seat)} burned ${cardName(e.card)} (hand full).`;
    case "fatigue":
      return `${who(e.seat)} take${e.seat === mySeat ? "" : "s"} ${e.damage} fatigue damage.`;
    case "play":
      return `${who(e.seat)} play${e.seat === mySeat ? "" : "s"} ${cardName(e.card)}${e.target ? ` on ${entity(e.target)}` : ""}.`;
    case "summon":
      names.set(e.id, cardName(e.card));
      return null;
    case "attack":
      return `${entity(e.attacker)} attacks ${entity(e.target)}.`;
    case "damage":
      return `${entity(e.target)} takes ${e.amount} damage.`;
    case "heal":
      return `${entity(e.target)} is healed for ${e.amount}.`;
    case "armor":
      return `${who(e.seat)} gain${e.seat === mySeat ? "" : "s"} ${e.amount} armor.`;
    case "death":
      return `${cardName(e.card)} dies.`;
    case "shield_break":
      return `${entity(e.target)} loses Divine Shield.`;
    case "freeze":
      return `${entity(e.target)} is frozen.`;
    case "silence":
      return `${entity(e.target)} is silenced.`;
    case "transform": {
      const before = entity(e.id);
      names.set(e.into ?? e.id, cardName(e.card));
      return `${before} is transformed into ${cardName(e.card)}.`;
    }
    case "game_over":
      return e.winner === null
        ? `Game over: draw (${e.reason}).`
        : `Game over: ${e.winner === mySeat ? "you win" : "you lose"} (${e.reason}).`;
    default:
      return null;
  }
}
