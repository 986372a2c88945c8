import { Client, type Room } from "@colyseus/sdk";
import { waitFor } from "./helpers";

/** One SDK Client per player, recording every message of its queue room. */
export class QueuePlayer {
  readonly messages: Array<{ type: string; payload: any }> = [];
  leftCode: number | null = null;

  private constructor(
    readonly client: InstanceType<typeof Client>,
    readonly room: Room,
  ) {
    room.onMessage("*", (type, payload) => this.messages.push({ type: String(type), payload }));
    room.onLeave((code) => {
      this.leftCode = code;
    });
  }

  static async join(
    endpoint: string,
    token: string | undefined,
    options: Record<string, unknown> = {},
  ): Promise<QueuePlayer> {
    const client = new Client(endpoint);
    if (token !== undefined) client.auth.token = token;
    const room = await client.joinOrCreate("queue", options);
    return new QueuePlayer(client, room);
  }

  /** The first message of this type (already received or coming). */
  async next(type: string, timeoutMs = 10_000): Promise<any> {
    const m = await waitFor(() => this.messages.find((x) => x.type === type), `"${type}" message`, timeoutMs);
    return m.payload;
  }

  has(type: string): boolean {
    return this.messages.some((m) => m.type === type);
  }

  async left(timeoutMs = 10_000): Promise<number> {
    return waitFor(() => this.leftCode, "room leave", timeoutMs);
  }

  async leave(): Promise<void> {
    if (this.leftCode === null) await this.room.leave(true).catch(() => undefined);
  }
}
