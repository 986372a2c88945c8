import type { Knex } from "knex";
import { ApiError } from "../http/http-errors";
import { log } from "../logger";
import { isBanned, loginPlayer, type PlayerRecord, type RegistrationStep } from "../db/players";
import { ReturningLogins } from "../db/returning-logins";
import type { AccessTokenIssuer } from "./access-tokens";
import type { RefreshTokens } from "./refresh-tokens";
import { SteamRejectedError, SteamUnavailableError, type SteamTicketOwner } from "./steam-client";
import { isSteamId64 } from "./steam-id";
import type { TicketReplayGuard } from "./ticket-replay-guard";
import type { Ban, BanList } from "./ban-list";
import { OwnerRecorder } from "../db/player-owners";

export interface TicketVerifier {
  authenticateUserTicket(ticketHex: string): Promise<SteamTicketOwner>;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface LoginResponse extends TokenPair {
  player: { steamId: string; personaName: string; createdAt: string; isNew: boolean };
}

export interface SteamLoginDeps {
  knex: Knex;
  /** Writes returning players' logins in groups; defaults to one on `knex`. */
  returningLogins?: ReturningLogins;
  mode: "webapi" | "dev";
  steam: TicketVerifier | null;
  rejectVacBanned: boolean;
  /** STEAM_DENY_PUBLISHER_BANNED; default true. */
  rejectPublisherBanned?: boolean;
  /** STEAM_FAMILY_SHARING; default allow. */
  familySharing?: "allow" | "deny";
  /** Writes players.owner_steam_id in groups; defaults to one on `knex`. */
  ownerRecorder?: OwnerRecorder;
  /** Bans of licence owners who may never log in here themselves; none checked without it. */
  banList?: BanList;
  replayGuard: TicketReplayGuard;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  registrationSteps: RegistrationStep[];
}

const DEV_TICKET = /^dev:(\d{17})$/;
const isWellFormedTicket = (ticket: string) => /^[0-9a-fA-F]+$/.test(ticket) && ticket.length % 2 === 0;

export function bannedError(player: PlayerRecord): ApiError {
  return new ApiError(403, "banned", "This account is banned", {
    bannedUntil: player.bannedUntil,
    ...(player.banReason ? { reason: player.banReason } : {}),
  });
}

/** 403 banned from the ban list: the account's own ban, or (viaOwner) the ban of the licence owner it plays on. */
export function banListError(ban: Ban, viaOwner: boolean): ApiError {
  return new ApiError(
    403,
    "banned",
    viaOwner ? "The owner of this game licence (Family Sharing) is banned" : "This account is banned",
    {
      bannedUntil: ban.until,
      ...(ban.until === null ? { permanent: true } : {}),
      ...(ban.reason ? { reason: ban.reason } : {}),
    },
  );
}

/** Who logged in: the player, and the licence owner when Steam said it is another account. */
interface VerifiedLogin {
  steamId: string;
  ownerSteamId: string | null;
}

/** Steam ticket → trusted SteamID64 → player row → our tokens. */
export class SteamLogin {
  private readonly returningLogins: ReturningLogins;
  readonly ownerRecorder: OwnerRecorder;

  constructor(private readonly deps: SteamLoginDeps) {
    this.returningLogins = deps.returningLogins ?? new ReturningLogins(deps.knex);
    this.ownerRecorder = deps.ownerRecorder ?? new OwnerRecorder(deps.knex);
  }

  /**
   * Claims a Steam ticket before it is sent to Steam: the first request presenting it wins, a copy gets
   * ticket_replayed without costing a Steam call. Null when the ticket is not a well-formed Steam ticket
   * (nothing to claim; login() reports it). The route sends this with its rate-limit check, in one Redis
   * round trip; login() gives the ticket back when the login fails for a reason that is not the ticket's.
   */
  claimTicket(ticket: string): Promise<boolean> | null {
    return this.isClaimable(ticket) ? this.deps.replayGuard.claim(ticket) : null;
  }

  private isClaimable(ticket: string): boolean {
    return this.deps.steam !== null && isWellFormedTicket(ticket);
  }

  /** For a ticket claimed with claimTicket() whose login was refused before Steam had a say (rate limit). */
  releaseTicket(ticket: string): Promise<void> {
    return this.deps.replayGuard.release(ticket);
  }

  private async verifyTicket(ticket: string, claimed?: boolean): Promise<VerifiedLogin> {
    const dev = DEV_TICKET.exec(ticket);
    if (dev && this.deps.mode === "dev") {
      if (!isSteamId64(dev[1]))
        throw new ApiError(400, "invalid_ticket", "dev ticket must carry an individual SteamID64");
      return { steamId: dev[1], ownerSteamId: null };
    }
    if (!isWellFormedTicket(ticket)) {
      throw new ApiError(400, "invalid_ticket", "ticket must be an even-length hex string of at most 5120 characters");
    }
    if (!this.deps.steam) throw new ApiError(400, "invalid_ticket", "dev mode accepts only dev:<SteamID64> tickets");
    if (!(claimed ?? (await this.deps.replayGuard.claim(ticket)))) {
      throw new ApiError(401, "ticket_replayed", "This ticket was already used; request a new one from Steam");
    }
    return this.askSteam(ticket);
  }

  private async askSteam(ticket: string): Promise<VerifiedLogin> {
    let owner: SteamTicketOwner;
    try {
      owner = await this.deps.steam!.authenticateUserTicket(ticket);
    } catch (err) {
      if (err instanceof SteamRejectedError) {
        throw new ApiError(401, "steam_rejected", `Steam rejected the ticket: ${err.steamMessage}`, {
          steamCode: err.steamCode,
        });
      }
      if (err instanceof SteamUnavailableError) {
        throw new ApiError(
          503,
          "steam_unavailable",
          "Steam could not be reached; try again shortly",
          {},
          {
            "Retry-After": String(err.retryAfterSeconds),
          },
        );
      }
      throw err;
    }
    if (!isSteamId64(owner.steamId)) {
      throw new ApiError(401, "steam_rejected", "Steam returned an invalid SteamID", { steamCode: -1 });
    }
    if (owner.publisherBanned && (this.deps.rejectPublisherBanned ?? true)) {
      throw new ApiError(403, "banned", "Publisher ban on this account");
    }
    if (owner.vacBanned && this.deps.rejectVacBanned) throw new ApiError(403, "banned", "VAC ban on this account");
    if (owner.familyShared) {
      if (this.deps.familySharing === "deny") {
        throw new ApiError(
          403,
          "family_shared",
          "This game is borrowed through Steam Family Sharing; log in on an account that owns it",
        );
      }
      const ownerBan = this.deps.banList?.banOf(owner.ownerSteamId);
      if (ownerBan) throw banListError(ownerBan, true);
    }
    return { steamId: owner.steamId, ownerSteamId: owner.ownerSteamId };
  }

  /** `claimed`: what claimTicket() answered, when the caller already claimed the ticket. */
  async login(ticket: string, options: { claimed?: boolean } = {}): Promise<LoginResponse> {
    try {
      const verified = await this.verifyTicket(ticket, options.claimed);
      const ban = this.deps.banList?.banOf(verified.steamId);
      if (ban) throw banListError(ban, false);
      const response = await this.issueTokens(verified);
      if (verified.ownerSteamId !== null) this.ownerRecorder.record(verified.steamId, verified.ownerSteamId);
      return response;
    } catch (err) {
      // Steam could not be asked (503) or our own side failed (5xx): the same ticket may be presented again.
      // A refusal of the ticket itself (4xx, ticket_replayed included) keeps the claim.
      const notTheTicket = !(err instanceof ApiError) || err.status >= 500;
      if (notTheTicket && this.isClaimable(ticket)) await this.deps.replayGuard.release(ticket).catch(() => undefined);
      throw err;
    }
  }

  private async issueTokens({ steamId, ownerSteamId }: VerifiedLogin): Promise<LoginResponse> {
    const refresh = this.deps.refreshTokens.prepare(steamId);
    // Returning players: last_login_at and the refresh token (unless banned), in a statement shared with
    // the other logins of the moment.
    const returning = await this.returningLogins.login(steamId, refresh.row);
    let player: PlayerRecord;
    let isNew = false;
    if (returning) {
      if (isBanned(returning.player) || !returning.refreshStored) throw bannedError(returning.player);
      player = returning.player;
    } else {
      ({ player, isNew } = await loginPlayer(this.deps.knex, steamId, this.deps.registrationSteps));
      if (isBanned(player)) throw bannedError(player);
      if (isNew) log.info("player registered", { steamId });
      await this.deps.refreshTokens.save(refresh.row);
    }
    const access = this.deps.accessTokens.sign(steamId, {
      familyId: refresh.row.family_id,
      ownerSteamId: ownerSteamId ?? undefined,
    });
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresIn: access.expiresIn,
      player: { steamId: player.steamId, personaName: player.personaName, createdAt: player.createdAt, isNew },
    };
  }
}
