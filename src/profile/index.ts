export { assignContextKeys, baseContextKey, CONTEXT_KEY_PATTERN } from "./contextKeys";
export { convertValue } from "./contextValues";
export {
  anonymousScreenname,
  DEFAULT_FIELD_MAP,
  type DroppedKey,
  INTERNAL_PROFILE_KEYS,
  mapProfileToUser,
  type ProfileMappingOptions,
  type ProfileMappingResult,
  RCE_USER_FIELDS,
  type RceUserField,
} from "./mapper";
export { validateSdkUser } from "./userSchema";
