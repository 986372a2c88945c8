/** Lines this process writes to stdout and stderr while capturing (the structured logger writes there). */
export class CapturedOutput {
  readonly lines: string[] = [];
  private readonly restore: Array<() => void> = [];

  start(): this {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.lines.push(...String(chunk).split("\n").filter(Boolean));
        return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      this.restore.push(() => (stream.write = original));
    }
    return this;
  }

  stop(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  /** The JSON log entries among the lines. */
  entries(): Array<Record<string, any>> {
    return this.lines.flatMap((line) => {
      try {
        const parsed = JSON.parse(line);
        return parsed && typeof parsed === "object" ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }
}
