// Bits telling which card text a minion still has, so hot loops skip a catalog lookup.
import type { TriggerEvent } from "./types";

export const TX_AURA = 1;
export const TX_DEATHRATTLE = 2;
export const TX_EVENT: Record<TriggerEvent, number> = {
  turn_start: 4,
  turn_end: 8,
  minion_died: 16,
  minion_summoned: 32,
  damaged: 64,
  spell_cast: 128,
};
