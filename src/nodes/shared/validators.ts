/** The nodes' validators, from their schema set (./schemas); how: src/validation/validators.ts. */
import { validatorsOf } from "../../validation/validators";
import { NODE_SCHEMAS } from "./schemas";

export const validatorFor = validatorsOf(NODE_SCHEMAS);
