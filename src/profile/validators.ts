/** The profile mapper's validators, from its schema set (./schemas); how: src/validation/validators.ts. */
import { validatorsOf } from "../validation/validators";
import { PROFILE_SCHEMAS } from "./schemas";

export const validatorFor = validatorsOf(PROFILE_SCHEMAS);
