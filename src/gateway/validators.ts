/** The gateway's validators, from its schema set (./schemas); how: src/validation/validators.ts. */
import { validatorsOf } from "../validation/validators";
import { GATEWAY_SCHEMAS } from "./schemas";

export const validatorFor = validatorsOf(GATEWAY_SCHEMAS);
