import type { Room } from "@colyseus/sdk";
import { waitFor } from "./wait";

/** Every message a queue room receives, in order, and how it was left. */
export class QueueInbox {
  readonly messages: Array<{ type: string; payload: any }> = [];
  leftCode: number | null = null;
  constructor(readonly room: Room) {
    room.onMessage("*", (type, payload) => this.messages.push({ type: String(type), payload }));
    room.onLeave((code) => (this.leftCode = code));
  }
  async next(type: string, timeoutMs = 10_000): Promise<any> {
    return (await waitFor(() => this.messages.find((m) => m.type === type), `queue message '${type}'`, timeoutMs))
      .payload;
  }
  count(type: string): number {
    return this.messages.filter((m) => m.type === type).length;
  }
  async leave(): Promise<void> {
    if (this.leftCode === null && this.room.connection.isOpen) await this.room.leave(true).catch(() => undefined);
  }
}
