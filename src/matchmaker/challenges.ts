import { randomInt } from "node:crypto";
import type { SharedStore } from "../store/shared-store";
import type { BattleFactory } from "./match-dispatcher";
import type { QueueAdmission } from "./matchmaking";

/** A challenge code stays open this long after `POST /api/challenges`. */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** No 0/O, 1/I/L: easy to read out to a friend. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CHALLENGE_CODE_LENGTH = 6;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${CHALLENGE_CODE_LENGTH}}$`);

export interface OpenChallenge {
  code: string;
  /** SteamID64 of the player who created it. */
  creator: string;
  /** ms since the epoch */
  expiresAt: number;
}

const codeKey = (code: string) => `challenge:code:${code}`;
const playerKey = (steamId: string) => `challenge:player:${steamId}`;

/** Upper-cases and drops spaces and dashes; null when it cannot be a code. */
export function normalizeChallengeCode(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const code = raw.toUpperCase().replace(/[\s-]/g, "");
  return CODE_PATTERN.test(code) ? code : null;
}

/**
 * The number a challenge ticket pairs on: the code read as a base-31 number (below 31⁶ < 2⁵³, exact in a Redis
 * score). The challenge queue's window is 0, so two tickets pair only when their codes are equal.
 */
export function challengeCodeValue(code: string): number {
  let value = 0;
  for (const ch of code) value = value * ALPHABET.length + ALPHABET.indexOf(ch);
  return value;
}

export function challengeCodeFromValue(value: number): string {
  let rest = value;
  let code = "";
  for (let i = 0; i < CHALLENGE_CODE_LENGTH; i++) {
    code = ALPHABET[rest % ALPHABET.length] + code;
    rest = Math.floor(rest / ALPHABET.length);
  }
  return code;
}

function randomCode(): string {
  let code = "";
  for (let i = 0; i < CHALLENGE_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * Friend challenges in the shared store (Redis in a cluster, so any process sees every code): one open code
 * per player; a second create closes the first one and opens a new code.
 */
export class Challenges {
  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(creator: string): Promise<OpenChallenge> {
    const previous = await this.store.get(playerKey(creator));
    if (previous) await this.store.delete(codeKey(previous));
    for (let attempt = 0; attempt < 8; attempt++) {
      const code = randomCode();
      const challenge: OpenChallenge = { code, creator, expiresAt: this.now() + CHALLENGE_TTL_MS };
      if (await this.store.setIfAbsent(codeKey(code), JSON.stringify(challenge), CHALLENGE_TTL_MS)) {
        await this.store.set(playerKey(creator), code, CHALLENGE_TTL_MS);
        return challenge;
      }
    }
    throw new Error("no free challenge code after 8 attempts");
  }

  /** The open challenge with this code, or null (unknown, closed or expired). */
  async find(rawCode: unknown): Promise<OpenChallenge | null> {
    const code = normalizeChallengeCode(rawCode);
    if (!code) return null;
    const stored = await this.store.get(codeKey(code));
    if (!stored) return null;
    const challenge = JSON.parse(stored) as OpenChallenge;
    return challenge.expiresAt > this.now() ? challenge : null;
  }

  /** Closes a code (its two players were seated in a battle). */
  async close(code: string): Promise<void> {
    const stored = await this.store.get(codeKey(code));
    await this.store.delete(codeKey(code));
    if (!stored) return;
    const { creator } = JSON.parse(stored) as OpenChallenge;
    if ((await this.store.get(playerKey(creator))) === code) await this.store.delete(playerKey(creator));
  }

  /** The challenge queue's admission: an open code, paired on its value. */
  admission(): QueueAdmission {
    return async (_steamId, options) => {
      const challenge = await this.find(options.code);
      if (!challenge)
        return { ok: false, code: "invalid_challenge", message: "no open challenge with this code (wrong or expired)" };
      return { ok: true, pairingValue: challengeCodeValue(challenge.code) };
    };
  }

  /** Seats the pair as usual, then closes the code so nobody else can use it. */
  closingAfterSeat(factory: BattleFactory): BattleFactory {
    return async (pair, seed) => {
      const reservations = await factory(pair, seed);
      await this.close(challengeCodeFromValue(pair.a.rating));
      return reservations;
    };
  }
}
