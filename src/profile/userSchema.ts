/** The mapper's output is checked against RCE's user object schema before anything is sent. */
import { sdkUserSchema } from "../engage/schemas";
import type { SdkUser } from "../engage/types";
import { validatorFor } from "../engage/validation";

export { sdkUserSchema };
export const validateSdkUser = validatorFor<SdkUser>("sdkUser");
