import { z } from "zod";
import { PLAY_MODES } from "../../battle/play-mode";

const steamId = z.string().regex(/^\d{17}$/);

/** What the matchmaker passes when it creates a battle room (clients never create one). */
export const battleCreateOptions = z.object({
  players: z
    .array(
      z.object({
        steamId,
        deckId: z.string().uuid(),
        rating: z.number().finite(),
        enqueuedAt: z.number().int().positive().optional(),
      }),
    )
    .length(2)
    .refine((p) => p[0].steamId !== p[1].steamId, "players must differ"),
  seed: z.string().min(1).max(128),
  /** How the match counts (default ranked): only ranked changes ratings. */
  mode: z.enum(PLAY_MODES).default("ranked"),
  /** Per-match time controls (seconds); default from configuration. */
  timers: z
    .object({
      turn: z.number().positive().max(3600),
      mulligan: z.number().positive().max(3600),
      reconnect: z.number().positive().max(3600),
      join: z.number().positive().max(3600),
    })
    .partial()
    .optional(),
});
export type BattleCreateOptions = z.infer<typeof battleCreateOptions>;
