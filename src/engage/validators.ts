/** The Engage client's validators, from its schema set (./schemas); how: src/validation/validators.ts. */
import { validatorsOf } from "../validation/validators";
import { ENGAGE_SCHEMAS } from "./schemas";

export const validatorFor = validatorsOf(ENGAGE_SCHEMAS);
