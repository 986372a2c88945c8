import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { Decoder, Reflection } from "@colyseus/schema";
import type { Room } from "@colyseus/sdk";
import { GENERATED_FOLDERS, writeGenerated } from "../../codegen/generate";
import { STATE_OUTPUT } from "../../codegen/state-classes";
import { BattleState as GeneratedBattleState } from "../../clients/typescript/state/BattleState";
import { embeddedBackend } from "../helpers/backends";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { waitFor } from "../helpers/wait";

const ROOT = path.resolve(__dirname, "../..");

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe("generated client contract (npm run codegen)", function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "codegen-drift-"));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the committed files are exactly what the server's schemas generate (else run `npm run codegen` and commit)", async () => {
    const written = await writeGenerated(tmp);
    assert.ok(written.includes("docs/protocol.schema.json"));
    assert.ok(
      written.some((f) => f.startsWith(`${STATE_OUTPUT.csharp}/`) && f.endsWith(".cs")),
      "C# state classes",
    );
    assert.ok(
      written.some((f) => f.startsWith(`${STATE_OUTPUT.ts}/`) && f.endsWith(".ts")),
      "TypeScript state classes",
    );
    const stale: string[] = [];
    for (const file of written) {
      const committed = path.join(ROOT, file);
      if (!fs.existsSync(committed)) stale.push(`missing: ${file}`);
      else if (fs.readFileSync(committed, "utf8") !== fs.readFileSync(path.join(tmp, file), "utf8"))
        stale.push(`differs: ${file}`);
    }
    for (const folder of GENERATED_FOLDERS) {
      for (const file of listFiles(path.join(ROOT, folder))) {
        if (!written.includes(`${folder}/${file}`)) stale.push(`not generated any more: ${folder}/${file}`);
      }
    }
    assert.deepEqual(stale, [], "run `npm run codegen` and commit the result");
  });
});

/** One C# class as schema-codegen declares it: fields by [Type(index, "type", typeof(...), "childPrimitive")]. */
interface CSharpField {
  index: number;
  name: string;
  type: string;
  referenced?: string;
  childPrimitive?: string;
}

function parseCSharpClasses(files: Map<string, string>): Map<string, CSharpField[]> {
  const classes = new Map<string, CSharpField[]>();
  for (const [file, text] of files) {
    if (!file.startsWith(`${STATE_OUTPUT.csharp}/`)) continue;
    const name = /public partial class (\w+) : global::Colyseus\.Schema\.Schema/.exec(text)?.[1];
    assert.ok(name, `a Schema class in ${file}`);
    const fields: CSharpField[] = [];
    const attribute =
      /\[global::Colyseus\.Schema\.Type\((\d+), "(\w+)"(?:, typeof\(([^)]*(?:<[^>]*>)?)\))?(?:, "(\w+)")?\)\]\s*public (\S+) (\w+)/g;
    for (const m of text.matchAll(attribute)) {
      const typeofArg = m[3];
      // typeof(global::Colyseus.Schema.ArraySchema<MinionState>) or typeof(HandState): the referenced class.
      const referenced = typeofArg ? (/<(\w+)>$/.exec(typeofArg)?.[1] ?? typeofArg) : undefined;
      fields.push({ index: Number(m[1]), type: m[2], referenced, childPrimitive: m[4], name: m[6] });
    }
    assert.ok(fields.length > 0, `fields in ${file}`);
    classes.set(name, fields);
  }
  return classes;
}

describe("generated C# state classes agree with the schema reflection a real client receives [embedded]", function () {
  this.timeout(120_000);
  let server: TestGameServer;
  const rooms: Room[] = [];
  const originalDecode = Reflection.decode;
  const handshakes: Array<{ bytes: Uint8Array; offset: number }> = [];

  before(async () => {
    server = await startTestGameServer(embeddedBackend);
    // What the SDK receives at join: the reflection bytes it decodes its state types from.
    Reflection.decode = function (bytes, it) {
      handshakes.push({ bytes: Uint8Array.from(bytes), offset: it?.offset ?? 0 });
      return originalDecode.call(this, bytes, it) as any;
    };
  });
  after(async () => {
    Reflection.decode = originalDecode;
    for (const room of rooms) if (room.connection.isOpen) await room.leave(true).catch(() => undefined);
    await server?.close();
  });

  it("every type, field name, field type and field order agrees; the TypeScript classes decode the same state", async () => {
    const base = 76561198400000000n + BigInt(process.pid % 1000) * 100n;
    const steamIds = [String(base + 1n), String(base + 2n)];
    await Promise.all(steamIds.map((id) => server.login(id)));
    const knex = server.app.services.db.knex;
    const decks = await Promise.all(
      steamIds.map(
        async (id) => (await knex("player_decks").where({ player_id: id, is_default: true }).first()).id as string,
      ),
    );
    const battle = await matchMaker.createRoom("battle", {
      players: steamIds.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
      seed: "reflection",
    });
    // Seat 0 decodes with the server's reflection (as the C# SDK with classes it checks), seat 1 with the
    // generated TypeScript classes.
    const reflected = await server
      .sdkAs(steamIds[0])
      .consumeSeatReservation(await matchMaker.reserveSeatFor(battle, {}, { steamId: steamIds[0] }));
    rooms.push(reflected);
    reflected.onMessage("*", () => undefined);
    const typed = await server
      .sdkAs(steamIds[1])
      .consumeSeatReservation(
        await matchMaker.reserveSeatFor(battle, {}, { steamId: steamIds[1] }),
        GeneratedBattleState,
      );
    rooms.push(typed);
    typed.onMessage("*", () => undefined);
    assert.ok(handshakes.length >= 1, "the reflection handshake was seen");

    // The reflection as sent: types with numbered fields (names, types, referenced type ids).
    const reflection = new Reflection();
    new Decoder(reflection).decode(handshakes[0].bytes, { offset: handshakes[0].offset });
    const types = new Map(reflection.types.map((t) => [t.id, t]));
    for (const t of types.values()) assert.equal(t.extendsId ?? -1, -1, "no inheritance in our state");

    // The committed classes (the drift test above keeps them equal to what codegen generates).
    const csharp = parseCSharpClasses(
      new Map(
        listFiles(path.join(ROOT, STATE_OUTPUT.csharp)).map((f) => [
          `${STATE_OUTPUT.csharp}/${f}`,
          fs.readFileSync(path.join(ROOT, STATE_OUTPUT.csharp, f), "utf8"),
        ]),
      ),
    );
    const pairs = new Map<number, string>(); // reflection type id → C# class
    const problems: string[] = [];
    const visit = (typeId: number, className: string) => {
      const known = pairs.get(typeId);
      if (known !== undefined) {
        if (known !== className) problems.push(`type ${typeId} is both ${known} and ${className}`);
        return;
      }
      pairs.set(typeId, className);
      const type = types.get(typeId);
      const fields = csharp.get(className);
      if (!type || !fields) return void problems.push(`type ${typeId} / class ${className} missing`);
      const reflected = type.fields.map((f) => f);
      if (reflected.length !== fields.length)
        problems.push(`${className}: ${reflected.length} reflected fields, ${fields.length} in C#`);
      for (const [index, f] of reflected.entries()) {
        const c = fields[index];
        const where = `${className}[${index}]`;
        if (!c) {
          problems.push(`${where} ${f.name}: not in C#`);
          continue;
        }
        if (c.index !== index) problems.push(`${where}: C# index ${c.index}`);
        if (c.name !== f.name) problems.push(`${where}: name ${f.name} vs C# ${c.name}`);
        if (c.type !== f.type) problems.push(`${where} ${f.name}: type ${f.type} vs C# ${c.type}`);
        const refId = f.referencedType;
        if (refId !== undefined && refId >= 0) {
          if (!c.referenced) problems.push(`${where} ${f.name}: references type ${refId}, C# has no typeof`);
          else visit(refId, c.referenced);
        } else if (f.childPrimitive) {
          if (c.childPrimitive !== f.childPrimitive)
            problems.push(`${where} ${f.name}: child ${f.childPrimitive} vs C# ${c.childPrimitive}`);
        } else if (c.referenced)
          problems.push(`${where} ${f.name}: C# references ${c.referenced}, the reflection nothing`);
      }
    };
    // Reflection.encode leaves rootType unset when it is type 0.
    visit(reflection.rootType ?? 0, "BattleState");
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [...types.keys()].filter((id) => !pairs.has(id)),
      [],
      "every reflected type has its C# class",
    );
    assert.deepEqual(
      [...csharp.keys()].filter((name) => ![...pairs.values()].includes(name)).sort(),
      [],
      "every C# class is reflected",
    );
    assert.equal(pairs.size, 5);

    // The generated TypeScript classes decode the live state (including the seat's own hand).
    await waitFor(
      () => (typed.state as any)?.players?.length === 2 && (typed.state as any).players[1].hand?.cards?.length > 0,
      "typed state",
    );
    assert.ok(typed.state instanceof GeneratedBattleState);
    const mine = (typed.state as GeneratedBattleState).players[1];
    assert.equal(mine.steamId, steamIds[1]);
    assert.equal(mine.hand.cards.length, mine.handCount);
    assert.equal((typed.state as GeneratedBattleState).phase, "mulligan");
  });
});
