import SteamID from "steamid";

/** A SteamID64 of an individual account, as a canonical decimal string. */
export function isSteamId64(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{17}$/.test(value)) return false;
  try {
    const id = new SteamID(value);
    return id.isValidIndividual() && id.getSteamID64() === value;
  } catch {
    return false;
  }
}
