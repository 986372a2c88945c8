export const ENGINE_VERSION = "1.0.0";

export const HERO_HEALTH = 30;
export const DECK_SIZE = 30;
export const MAX_COPIES = 2;
export const MAX_LEGENDARY_COPIES = 1;
export const HAND_LIMIT = 10;
export const BOARD_LIMIT = 7;
export const MAX_MANA = 10;
export const OPENING_HAND_FIRST = 3;
export const OPENING_HAND_SECOND = 4;
/** 45 turns each */
export const TURN_LIMIT = 90;
export const COIN_CARD = "lucky_coin";

/** Max nesting of queued trigger resolutions inside one action. */
export const MAX_QUEUE_DEPTH = 32;
/** Max queued effect resolutions inside one action. */
export const MAX_QUEUE_STEPS = 400;
/** Max death passes inside one action. */
export const MAX_DEATH_PASSES = 32;
