import { allAllowSpectators } from "../../db/player-settings";
import type { Services } from "../../services";
import type { RoomAuth } from "../room-auth";
import type { SpectatingDeps } from "./spectators";

/** Spectating from the process's services: the room token check, the players' setting, the cap. */
export function spectatingDeps(
  services: Services,
  authenticate: (token: unknown) => Promise<RoomAuth>,
): SpectatingDeps {
  return {
    authenticate,
    allowedFor: (steamIds) => allAllowSpectators(services.db.knex, steamIds),
    maxSpectators: services.config.BATTLE_MAX_SPECTATORS,
  };
}
