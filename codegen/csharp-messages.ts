import type { JsonSchema, ProtocolDocument } from "../src/rooms/protocol-document";

/*
 * C# classes for the room messages, generated from the protocol document (docs/protocol.schema.json) so
 * they cannot drift from what the server validates and sends. Field names are the JSON keys (the C# SDK
 * maps msgpack keys to fields by name). A union of objects (GameEvent, LegalAction) becomes one flat class
 * holding every variant's fields, nullable where some variant lacks them; `type` says which variant it is.
 * Messages without a payload (or with any payload) get no class, only their name in <Room>RoomMessages.
 * Field names are lower camel case as on the wire, so these classes read like JSON, not like C# style.
 */

type Direction = "clientToServer" | "serverToClient";

interface CsField {
  name: string;
  type: string;
  description?: string;
}

interface CsClass {
  name: string;
  description?: string;
  fields: CsField[];
}

interface CsType {
  /** Without the nullable mark. */
  type: string;
  nullable: boolean;
  valueType: boolean;
}

const pascal = (s: string) => s.replace(/(^|[_\-\s])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const isNull = (s: JsonSchema) => s.type === "null";
const isEmptyObject = (s: JsonSchema) =>
  s.type === "object" && Object.keys((s.properties as object | undefined) ?? {}).length === 0;

/**
 * Named schemas the Colyseus C# SDK already has a class for: used as is. Its SeatReservation has every field
 * of ours (name, sessionId, roomId, processId, publicAddress, reconnectionToken, devMode) and is what
 * client.ConsumeSeatReservation<T>() takes.
 */
const SDK_TYPES: Record<string, string> = { SeatReservation: "global::Colyseus.SeatReservation" };

class Generator {
  readonly classes = new Map<string, CsClass>();

  constructor(private readonly defs: Record<string, JsonSchema>) {}

  /** The C# type for a schema; classes it needs are added under `hint` (or the $defs name). */
  typeOf(schema: JsonSchema, hint: string): CsType {
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.replace("#/$defs/", "");
      if (SDK_TYPES[name]) return { type: SDK_TYPES[name], nullable: false, valueType: false };
      const def = this.defs[name];
      if (!def) throw new Error(`unresolved ${schema.$ref}`);
      return this.typeOf(def, name);
    }
    const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (branches) {
      const others = branches.filter((b) => !isNull(b));
      const nullable = others.length < branches.length;
      const resolved = others.map((b) => this.resolveRef(b));
      let inner: CsType;
      if (others.length === 1) inner = this.typeOf(others[0], hint);
      else if (resolved.every((b) => b.type === "object"))
        inner = this.objectType(resolved, hint, schema.description as string | undefined);
      else if (resolved.every((b) => b.type === "string"))
        inner = { type: "string", nullable: false, valueType: false };
      else throw new Error(`${hint}: cannot map a union of ${resolved.map((b) => b.type).join(", ")} to C#`);
      return { ...inner, nullable: inner.nullable || nullable };
    }
    if (Array.isArray(schema.type)) {
      // { type: ["number", "null"] }: a nullable primitive.
      const types = (schema.type as string[]).filter((t) => t !== "null");
      if (types.length !== 1) throw new Error(`${hint}: cannot map the types ${schema.type.join(", ")} to C#`);
      const inner = this.typeOf({ ...schema, type: types[0] }, hint);
      return { ...inner, nullable: inner.nullable || types.length < (schema.type as string[]).length };
    }
    switch (schema.type) {
      case "string":
        return { type: "string", nullable: false, valueType: false };
      case "boolean":
        return { type: "bool", nullable: false, valueType: true };
      case "number": {
        // z.literal([0, 1]) (a seat): a number enum of small integers.
        const values = schema.enum as unknown[] | undefined;
        if (values?.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31))
          return { type: "int", nullable: false, valueType: true };
        return { type: "double", nullable: false, valueType: true };
      }
      case "integer": {
        const max = typeof schema.maximum === "number" ? schema.maximum : Infinity;
        const min = typeof schema.minimum === "number" ? schema.minimum : -Infinity;
        return { type: max <= 2147483647 && min >= -2147483648 ? "int" : "long", nullable: false, valueType: true };
      }
      case "array": {
        const item = this.typeOf(schema.items as JsonSchema, `${hint}Item`);
        return {
          type: `${item.type}${item.nullable && item.valueType ? "?" : ""}[]`,
          nullable: false,
          valueType: false,
        };
      }
      case "object":
        return this.objectType([schema], hint, schema.description as string | undefined);
      default:
        throw new Error(`${hint}: cannot map ${JSON.stringify(schema).slice(0, 200)} to C#`);
    }
  }

  private resolveRef(schema: JsonSchema): JsonSchema {
    if (typeof schema.$ref !== "string") return schema;
    return this.defs[schema.$ref.replace("#/$defs/", "")];
  }

  /** One class for one object schema, or the flat union of several (every field nullable unless in all). */
  private objectType(variants: JsonSchema[], name: string, description?: string): CsType {
    const result: CsType = { type: name, nullable: false, valueType: false };
    if (this.classes.has(name)) return result;
    const cls: CsClass = { name, description, fields: [] };
    this.classes.set(name, cls);
    const order: string[] = [];
    const byName = new Map<string, { types: CsType[]; descriptions: string[]; inAll: boolean }>();
    for (const variant of variants) {
      const properties = (variant.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((variant.required ?? []) as string[]);
      for (const [key, prop] of Object.entries(properties)) {
        if (!byName.has(key)) {
          order.push(key);
          byName.set(key, { types: [], descriptions: [], inAll: true });
        }
        const entry = byName.get(key)!;
        const type = this.typeOf(prop, `${name}${pascal(key)}`);
        entry.types.push(required.has(key) ? type : { ...type, nullable: true });
        if (typeof prop.description === "string" && !entry.descriptions.includes(prop.description))
          entry.descriptions.push(prop.description);
      }
    }
    for (const key of order) {
      const entry = byName.get(key)!;
      const inAll = variants.every((v) => key in ((v.properties ?? {}) as object));
      const kinds = new Set(entry.types.map((t) => t.type));
      if (kinds.size !== 1) throw new Error(`${name}.${key}: variants disagree on its type (${[...kinds].join(", ")})`);
      const type = entry.types[0];
      const nullable = !inAll || entry.types.some((t) => t.nullable);
      cls.fields.push({
        name: key,
        type: `${type.type}${nullable && type.valueType ? "?" : ""}`,
        description: entry.descriptions.length > 0 ? entry.descriptions.join("; ") : undefined,
      });
    }
    return result;
  }
}

function renderClass(cls: CsClass, indent: string): string {
  const lines: string[] = [];
  if (cls.description) lines.push(`${indent}/// <summary>${xml(cls.description)}</summary>`);
  lines.push(`${indent}[global::System.Serializable]`);
  lines.push("#if UNITY_5_3_OR_NEWER");
  lines.push(`${indent}[global::UnityEngine.Scripting.Preserve]`);
  lines.push("#endif");
  lines.push(`${indent}public partial class ${cls.name} {`);
  for (const field of cls.fields) {
    if (field.description) lines.push(`${indent}\t/// <summary>${xml(field.description)}</summary>`);
    lines.push(`${indent}\tpublic ${field.type} ${field.name};`);
  }
  lines.push(`${indent}}`);
  return lines.join("\n");
}

const HEADER = `//
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY BY \`npm run codegen\`
// FROM docs/protocol.schema.json (the server's zod schemas). DO NOT CHANGE IT MANUALLY.
//
`;

/** One C# file per room: its message classes, and the names of its messages by direction. */
export function csharpMessageFiles(doc: ProtocolDocument, namespace: string, folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [room, directions] of Object.entries(doc.rooms)) {
    const roomName = pascal(room);
    const classes = new Map<string, CsClass>();
    const names: Record<Direction, Array<{ type: string; cls: string | null; description?: string }>> = {
      clientToServer: [],
      serverToClient: [],
    };
    for (const direction of ["serverToClient", "clientToServer"] as const) {
      for (const [type, schema] of Object.entries(directions[direction])) {
        const generator = new Generator((schema.$defs ?? {}) as Record<string, JsonSchema>);
        const branches = ((schema.anyOf as JsonSchema[] | undefined) ?? [schema]).filter((b) => !isNull(b));
        const noClass =
          isNull(schema) ||
          Object.keys(schema).every((k) => k === "$schema" || k === "description") ||
          branches.every(isEmptyObject);
        let cls: string | null = null;
        if (!noClass) {
          cls = `${roomName}${pascal(type)}Message`;
          generator.typeOf(schema, cls);
        }
        names[direction].push({ type, cls, description: schema.description as string | undefined });
        for (const c of generator.classes.values()) {
          const known = classes.get(c.name);
          if (known && JSON.stringify(known) !== JSON.stringify(c))
            throw new Error(`two different C# classes named ${c.name}`);
          classes.set(c.name, c);
        }
      }
    }
    const constants = (direction: Direction, className: string, summary: string) => [
      `\t\t/// <summary>${summary}</summary>`,
      `\t\tpublic static class ${className} {`,
      ...names[direction].flatMap(({ type, cls, description }) => [
        `\t\t\t/// <summary>${xml(description ?? type)}${cls ? ` Payload: <see cref="${cls}"/>.` : ""}</summary>`,
        `\t\t\tpublic const string ${pascal(type)} = "${type}";`,
      ]),
      `\t\t}`,
    ];
    const body = [
      `\t/// <summary>Message names of the \`${room}\` room.</summary>`,
      `\tpublic static class ${roomName}RoomMessages {`,
      `\t\tpublic const string RoomName = "${room}";`,
      ...constants(
        "serverToClient",
        "FromServer",
        "Server → client: register with room.OnMessage&lt;T&gt;(name, handler).",
      ),
      ...constants("clientToServer", "FromClient", "Client → server: room.Send(name, payload)."),
      `\t}`,
      ...[...classes.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => "\n" + renderClass(c, "\t")),
    ];
    files.set(`${folder}/${roomName}Messages.cs`, `${HEADER}\nnamespace ${namespace} {\n${body.join("\n")}\n}\n`);
  }
  return files;
}
