import { z } from "zod";
import { participantApiFields, rankValueSchema } from "../battle/participant-result";
import { PLAY_MODES } from "../battle/play-mode";
import { MAX_DECKS_PER_PLAYER } from "../db/decks";
import { RANK_TIERS } from "./player-standing";

// Wire shapes of the HTTP API. Requests are parsed with these; responses are typed with them and the
// OpenAPI document (/openapi.json) is generated from them, so the three cannot drift apart.

/** Named schemas: each becomes #/components/schemas/<id> in /openapi.json. */
export const apiSchemas = z.registry<{ id: string }>();

export const SteamId64 = z
  .string()
  .regex(/^\d{17}$/)
  .describe("SteamID64 as a decimal string (never a JSON number)");
const Timestamp = z.iso.datetime().describe("ISO 8601 timestamp, UTC");
const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const Count = z.number().int().min(0);

// ---- errors ----

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export const ErrorResponse = z
  .object({
    error: z.looseObject({
      code: z.string().describe("stable, machine-readable; branch on this"),
      message: z.string().describe("human-readable; may change"),
      details: z.array(FieldErrorSchema).optional().describe("field-level problems (400 responses)"),
    }),
  })
  .register(apiSchemas, { id: "Error" });

// ---- requests ----

const DECK_NAME_RULE = "name must be 1–32 characters";
/** Code points, not UTF-16 units: "🂡" is one character. */
const codePoints = (s: string): number => [...s].length;

export const DeckName = z
  .string()
  .min(1, { message: DECK_NAME_RULE, abort: true })
  .max(64, { message: DECK_NAME_RULE, abort: true })
  .refine((s) => codePoints(s) >= 1 && codePoints(s) <= 32, DECK_NAME_RULE)
  // NUL cannot be stored in PostgreSQL text; a lone surrogate cannot be encoded as UTF-8. Everything else is kept verbatim.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule exists to refuse control characters
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "name must not contain control characters")
  .refine((s) => !/\p{Cs}/u.test(s), "name must be valid Unicode (no lone surrogates)")
  .describe("1–32 Unicode characters (code points), stored and returned verbatim");

export const DeckCardInput = z.object({
  cardId: z.string().min(1).max(64),
  count: z.number().int().min(1).max(30),
});

export const DeckBody = z
  .object({
    name: DeckName,
    cards: z.array(DeckCardInput).max(60).describe("card ids with copies; exactly 30 cards in total"),
  })
  .register(apiSchemas, { id: "DeckInput" });
export type DeckBody = z.infer<typeof DeckBody>;

export const DefaultDeckBody = z
  .object({ deckId: z.string().max(64) })
  .register(apiSchemas, { id: "DefaultDeckInput" });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

// ---- cards and collection ----

export const CardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    cost: z.number().int(),
    type: z.enum(["minion", "spell"]),
    attack: z.number().int().nullable(),
    health: z.number().int().nullable(),
    rarity: z.enum(["common", "rare", "epic", "legendary"]),
    text: z.string(),
    collectible: z.boolean().describe("false for tokens, which only appear in play"),
  })
  .register(apiSchemas, { id: "Card" });

export const CardCatalogResponse = z
  .object({ engineVersion: z.string(), cards: z.array(CardSchema) })
  .register(apiSchemas, { id: "CardCatalog" });

export const OwnedCardSchema = z
  .object({ cardId: z.string(), count: z.number().int().min(1) })
  .register(apiSchemas, { id: "OwnedCard" });
export const CollectionResponse = z
  .object({ cards: z.array(OwnedCardSchema) })
  .register(apiSchemas, { id: "Collection" });

// ---- decks ----

export const DeckSchema = z
  .object({
    id: Uuid,
    name: z.string(),
    isDefault: z.boolean(),
    cards: z.array(z.object({ cardId: z.string(), count: z.number().int().min(1).max(2) })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .register(apiSchemas, { id: "Deck" });

export const DeckListResponse = z
  .object({ decks: z.array(DeckSchema), maxDecks: z.literal(MAX_DECKS_PER_PLAYER) })
  .register(apiSchemas, { id: "DeckList" });

// ---- profiles ----

const Standing = {
  displayedMmr: z
    .number()
    .int()
    .describe("round(rating − 2·ratingDeviation): the conservative rating shown to players"),
  rankTier: z.enum(RANK_TIERS).describe("from displayed MMR; 'unranked' while provisional"),
  provisional: z
    .boolean()
    .describe("fewer than 10 games or ratingDeviation above 110; such players are not on the leaderboard"),
  level: Count,
  wins: Count,
  losses: Count,
  draws: Count,
  games: Count,
};

export const PlayerRankSchema = z
  .object({
    season: z.number().int().min(1).describe("season id"),
    seasonName: z.string(),
    seasonEndsAt: Timestamp,
    ...rankValueSchema.shape,
    topTierPosition: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe("in master: position among the season's master players by MMR"),
    games: Count.describe("ranked games this season"),
  })
  .register(apiSchemas, { id: "PlayerRank" });

const rank = PlayerRankSchema.nullable().describe(
  "visible rank in the running season (docs/ranked.md); null when no season runs",
);

export const MyProfileResponse = z
  .object({
    steamId: SteamId64,
    personaName: z.string(),
    rating: z.number(),
    ratingDeviation: z.number(),
    ...Standing,
    xp: Count,
    rank,
  })
  .register(apiSchemas, { id: "MyProfile" });

export const PublicProfileResponse = z
  .object({ steamId: SteamId64, personaName: z.string(), ...Standing, lastMatchAt: Timestamp.nullable(), rank })
  .register(apiSchemas, { id: "PublicProfile" });

// ---- matches ----

export const PlayerMatchSchema = z
  .object({
    matchId: Uuid,
    endedAt: Timestamp,
    durationSeconds: z.number().min(0),
    reason: z.string().describe("how the match ended, e.g. hero_died, concede, timeout"),
    ranked: z.boolean(),
    mode: z.enum(PLAY_MODES).describe("ranked (rated), casual or challenge (both unrated)"),
    ...participantApiFields,
    opponent: z.object({ steamId: SteamId64, personaName: z.string() }).nullable(),
  })
  .register(apiSchemas, { id: "PlayerMatch" });

export const MatchPageResponse = z
  .object({
    matches: z.array(PlayerMatchSchema),
    nextCursor: z.string().nullable().describe("pass as ?cursor= for the next (older) page; null on the last page"),
  })
  .register(apiSchemas, { id: "MatchPage" });

export const MatchSummaryResponse = z
  .object({
    matchId: Uuid,
    startedAt: Timestamp,
    endedAt: Timestamp,
    durationSeconds: z.number().min(0),
    reason: z.string(),
    ranked: z.boolean(),
    mode: z.enum(PLAY_MODES).describe("ranked (rated), casual or challenge (both unrated)"),
    winnerSteamId: SteamId64.nullable(),
    engineVersion: z.string(),
    participants: z.array(
      z.object({
        steamId: SteamId64,
        personaName: z.string(),
        seat: z.number().int().min(0).max(1),
        ...participantApiFields,
      }),
    ),
  })
  .register(apiSchemas, { id: "MatchSummary" });

// ---- leaderboard ----

export const LeaderboardEntrySchema = z
  .object({
    rank: z.number().int().min(1),
    steamId: SteamId64,
    personaName: z.string(),
    displayedMmr: z.number().int(),
    rankTier: z.enum(RANK_TIERS),
    level: Count,
    wins: Count,
    losses: Count,
    draws: Count,
    games: Count,
  })
  .register(apiSchemas, { id: "LeaderboardEntry" });

export const LeaderboardPageResponse = z
  .object({ entries: z.array(LeaderboardEntrySchema), nextCursor: z.string().nullable() })
  .register(apiSchemas, { id: "LeaderboardPage" });

export const LeaderboardQuery = PageQuery.extend({
  season: z
    .union([
      z.literal("current"),
      z.coerce
        .number()
        .int()
        .min(1)
        .max(2 ** 31 - 1),
    ])
    .optional()
    .describe("a season id or 'current': the season's ladder; absent: the MMR leaderboard"),
});

export const SeasonLeaderboardEntrySchema = z
  .object({
    rank: z.number().int().min(1).describe("position on the season's ladder"),
    steamId: SteamId64,
    personaName: z.string(),
    ...rankValueSchema.shape,
    displayedMmr: z.number().int(),
    level: Count,
    games: Count.describe("ranked games this season"),
    wins: Count,
    losses: Count,
    draws: Count,
  })
  .register(apiSchemas, { id: "SeasonLeaderboardEntry" });

export const SeasonSchema = z
  .object({ id: z.number().int().min(1), name: z.string(), startsAt: Timestamp, endsAt: Timestamp })
  .register(apiSchemas, { id: "Season" });

export const SeasonLeaderboardPageResponse = z
  .object({ season: SeasonSchema, entries: z.array(SeasonLeaderboardEntrySchema), nextCursor: z.string().nullable() })
  .register(apiSchemas, { id: "SeasonLeaderboardPage" });

// ---- auth routes (src/auth/routes.ts), described here for the OpenAPI document ----

export const LoginBody = z.object({ ticket: z.string().min(1).max(5120) }).register(apiSchemas, { id: "LoginInput" });
export const RefreshBody = z
  .object({ refreshToken: z.string().min(1).max(256) })
  .register(apiSchemas, { id: "RefreshInput" });

export const LoginResponse = z
  .object({
    accessToken: z.string().describe("JWT; send as Authorization: Bearer <accessToken>"),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe("access token lifetime in seconds"),
    player: z.object({ steamId: SteamId64, personaName: z.string(), createdAt: Timestamp, isNew: z.boolean() }),
  })
  .register(apiSchemas, { id: "Session" });

export const HealthResponse = z.object({ ok: z.literal(true) }).register(apiSchemas, { id: "Health" });

export const ReadyResponse = z
  .object({ ok: z.literal(true), database: z.literal("up"), redis: z.enum(["up", "none"]) })
  .register(apiSchemas, { id: "Ready" });

const LoggedIntentSchema = z.object({
  seat: z.union([z.literal(0), z.literal(1)]),
  intent: z.object({ type: z.string() }).passthrough(),
});

export const ReplayResponse = z
  .object({
    matchId: z.string().uuid(),
    engineVersion: z.string(),
    seed: z.string(),
    firstSeat: z.union([z.literal(0), z.literal(1)]),
    players: z.array(
      z.object({
        steamId: SteamId64,
        seat: z.union([z.literal(0), z.literal(1)]),
        deckId: z.string(),
        deck: z.array(z.string()),
      }),
    ),
    intentLog: z.array(LoggedIntentSchema),
    forfeit: z.object({ seat: z.union([z.literal(0), z.literal(1)]), reason: z.string() }).nullable(),
    finalHash: z.string(),
    endReason: z.string(),
  })
  .register(apiSchemas, { id: "Replay" });
