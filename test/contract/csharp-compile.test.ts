import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MESSAGES_FOLDER } from "../../codegen/generate";
import { STATE_OUTPUT } from "../../codegen/state-classes";

const ROOT = path.resolve(__dirname, "../..");

const csFiles = (folder: string) =>
  fs
    .readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith(".cs"))
    .sort()
    .map((f) => path.join(ROOT, folder, f));

/**
 * The committed C# (clients/unity/State and Messages) is valid C#: compiled with Debian's mono-mcs
 * against a shim of the three Colyseus SDK types it uses (there is no Unity here). .ci/run installs mono-mcs.
 */
describe("generated C# compiles (mono-mcs)", function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "csharp-compile-"));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("clients/unity/State and clients/unity/Messages compile, and the message classes have the documented fields", () => {
    const found = spawnSync("mcs", ["--version"], { encoding: "utf8" });
    assert.equal(
      found.status,
      0,
      "mcs (Debian package mono-mcs) must be installed: apt-get install -y mono-mcs (.ci/run does it)",
    );
    const sources = [
      path.join(__dirname, "fixtures/ColyseusSchemaShim.cs"),
      ...csFiles(STATE_OUTPUT.csharp),
      ...csFiles(MESSAGES_FOLDER),
    ];
    assert.ok(sources.length >= 8);
    const dll = path.join(tmp, "Protocol.dll");
    try {
      execFileSync("mcs", ["-target:library", "-nologo", `-out:${dll}`, ...sources], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err: any) {
      assert.fail(`mcs failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    assert.ok(fs.statSync(dll).size > 0);

    // Every field of every message schema is a public field of its class (names as on the wire).
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, "docs/protocol.schema.json"), "utf8"));
    const csharp = csFiles(MESSAGES_FOLDER)
      .map((f) => fs.readFileSync(f, "utf8"))
      .join("\n");
    const fieldsOf = (cls: string) => {
      const body = new RegExp(`public partial class ${cls} \\{([^}]*)\\}`).exec(csharp)?.[1];
      assert.ok(body !== undefined, `class ${cls}`);
      return [...body.matchAll(/public \S+ (\w+);/g)].map((m) => m[1]);
    };
    const pascal = (s: string) => s.replace(/(^|_)(\w)/g, (_m, _s, c: string) => c.toUpperCase());
    let checked = 0;
    for (const [room, directions] of Object.entries<any>(doc.rooms)) {
      for (const [type, schema] of Object.entries<any>({
        ...directions.clientToServer,
        ...directions.serverToClient,
      })) {
        if (!schema.properties) continue;
        assert.deepEqual(
          fieldsOf(`${pascal(room)}${pascal(type)}Message`),
          Object.keys(schema.properties),
          `${room} ${type}`,
        );
        checked++;
      }
    }
    assert.ok(checked >= 11, `${checked} message classes checked`);

    // `matched` carries the SDK's own Colyseus.SeatReservation (what ConsumeSeatReservation takes): it must
    // have every field of our reservation (the shim mirrors the SDK's class).
    const shim = fs.readFileSync(path.join(__dirname, "fixtures/ColyseusSchemaShim.cs"), "utf8");
    const sdkFields = [
      ...(/class SeatReservation \{([^}]*)\}/.exec(shim)?.[1] ?? "").matchAll(/public \S+ (\w+);/g),
    ].map((m) => m[1]);
    const ours = Object.keys(doc.rooms.queue.serverToClient.matched.$defs.SeatReservation.properties);
    assert.deepEqual(
      ours.filter((f) => !sdkFields.includes(f)),
      [],
      "reservation fields missing from Colyseus.SeatReservation",
    );
  });
});
