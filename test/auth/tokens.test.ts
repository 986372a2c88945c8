import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import knex from "knex";
import { createAccessTokens } from "../../src/auth/access-tokens";
import { familyIdOfToken, RefreshTokens } from "../../src/auth/refresh-tokens";

const SECRET = "tokens-test-secret-tokens-test-secret-000000";
const decodePart = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("access tokens", () => {
  const tokens = createAccessTokens({ secret: SECRET, issuer: "card-backend-test", ttlSeconds: 900 });

  it("are HS256 JWTs with exactly typ, iat, exp, iss and sub, which jsonwebtoken accepts", () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresIn } = tokens.sign("76561198000000042");
    const [header, payload] = token.split(".");
    assert.deepEqual(decodePart(header), { alg: "HS256", typ: "JWT" });
    const claims = decodePart(payload);
    assert.deepEqual(Object.keys(claims).sort(), ["exp", "iat", "iss", "sub", "typ"]);
    assert.equal(claims.typ, "access");
    assert.equal(claims.sub, "76561198000000042");
    assert.equal(claims.iss, "card-backend-test");
    assert.ok(claims.iat >= before && claims.iat <= before + 1);
    assert.equal(claims.exp - claims.iat, 900);
    assert.equal(expiresIn, 900);
    const verified = jwt.verify(token, SECRET, {
      algorithms: ["HS256"],
      issuer: "card-backend-test",
    }) as jwt.JwtPayload;
    assert.equal(verified.sub, "76561198000000042");
    assert.deepEqual(tokens.verify(token), { steamId: "76561198000000042" });
  });

  it("carry an issuer that needs escaping intact", () => {
    const odd = createAccessTokens({ secret: SECRET, issuer: 'studio "quoted" \\ ünïcode', ttlSeconds: 60 });
    const { token } = odd.sign("76561198000000042");
    assert.equal(
      (jwt.verify(token, SECRET, { algorithms: ["HS256"] }) as jwt.JwtPayload).iss,
      'studio "quoted" \\ ünïcode',
    );
    assert.deepEqual(odd.verify(token), { steamId: "76561198000000042" });
  });

  it("are refused when signed with another key", () => {
    const other = createAccessTokens({ secret: SECRET + "x", issuer: "card-backend-test", ttlSeconds: 900 });
    assert.equal(tokens.verify(other.sign("76561198000000042").token), null);
  });
});

describe("refresh tokens", () => {
  it("are their family id and distinct 256-bit base64url strings, stored as their SHA-256, across many refills of the entropy buffer", async () => {
    const db = knex({ client: "pg" }); // never connects: prepare() builds rows without the database
    try {
      const refresh = new RefreshTokens(db, 3600);
      const seen = new Set<string>();
      for (let i = 0; i < 1_000; i++) {
        const { token, row } = refresh.prepare("76561198000000042");
        assert.match(token, /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
        assert.equal(familyIdOfToken(token), row.family_id);
        assert.equal(Buffer.from(token.split(".")[1], "base64url").length, 32);
        assert.equal(row.token_hash, createHash("sha256").update(token).digest("hex"));
        seen.add(token);
      }
      assert.equal(seen.size, 1_000);
    } finally {
      await db.destroy();
    }
  });
});
