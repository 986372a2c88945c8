import { destroySuitePostgres } from "./suite-postgres";

/** Mocha root hooks of `npm run test:faults` (loaded with --require). */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    await destroySuitePostgres();
  },
};
