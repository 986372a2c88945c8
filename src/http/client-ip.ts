import type http from "node:http";
import proxyaddr from "proxy-addr";

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The TRUST_PROXY setting as a function, with Express's meaning (`true`, `false`, a hop count, or a list of
 * addresses/subnets/`loopback`…). Express and the JSON routes served ahead of it share this one function,
 * so both see the same client address (which the login rate limit counts by).
 */
export function compileTrustProxy(setting: string): TrustProxy {
  if (setting === "true") return () => true;
  if (setting === "false" || setting === "") return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(setting.split(",").map((part) => part.trim()));
}

export function clientIp(req: http.IncomingMessage, trust: TrustProxy): string {
  return proxyaddr(req, trust);
}
