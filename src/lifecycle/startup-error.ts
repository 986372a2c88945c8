/** A reason the server cannot start that an operator fixes through one setting; printed as one line. */
export class StartupError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`${setting}: ${detail}`);
    this.name = "StartupError";
  }
}
