/** The mapper's output is checked against RCE's user object schema (engage/schemas.ts) before anything is sent. */
import type { SdkUser } from "../engage/types";
import { validatorFor } from "../engage/validators";

export const validateSdkUser = validatorFor<SdkUser>("sdkUser");
