import type { RegistrationStep } from "./players";
import { grantStarterContent } from "./starter-content";

/**
 * Steps that run inside the transaction that registers a new player, after players + player_profiles
 * rows are inserted. A failing step rolls the whole registration back.
 */
export const registrationSteps: RegistrationStep[] = [grantStarterContent];
