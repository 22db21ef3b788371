/**
 * Sync Profile's behaviour: map the Cognigy profile, send it with the Send API's users.create (which
 * creates or updates the identity with that id), and optionally update the RCE customer record.
 */
import type { EngageClient } from "../../engage/client";
import { EngageError } from "../../engage/errors";
import type { RceIdentityGroupUpdate } from "../../engage/types";
import {
  type DroppedKey,
  mapProfileToUser,
  type ProfileMappingOptions,
  type ProfileMappingResult,
} from "../../profile/mapper";
import { validateSdkUser } from "../../profile/userSchema";
import type { NodeOutcome } from "../shared/outcome";

/** Keeps the stored result well inside Cognigy's 62 KB per value. */
const MAX_DROPPED_LISTED = 50;

export type IdentityGroupOutcome =
  | { status: "not requested" }
  | { status: "updated"; identityGroupId: string; fields: string[] }
  | { status: "skipped"; reason: string };

export interface SyncProfileResult {
  status: "synced";
  user: ProfileMappingResult["user"];
  /** Which Cognigy profile key filled which RCE user field. */
  fields: ProfileMappingResult["fields"];
  /** Cognigy profile key → context_data key. */
  contextDataKeys: Record<string, string>;
  dropped: DroppedKey[];
  droppedCount: number;
  privacyMode: boolean;
  identityGroup: IdentityGroupOutcome;
  syncedAt: string;
}

export interface SyncProfileArgs {
  userId: string;
  profile: unknown;
  options: Omit<ProfileMappingOptions, "userId" | "now">;
  updateIdentityGroup: boolean;
  now?: Date;
}

/** Profile data the identity group (RCE's customer record) can hold; RCE documents no update for identities. */
function groupUpdate(user: ProfileMappingResult["user"]): RceIdentityGroupUpdate {
  const update: RceIdentityGroupUpdate = {};
  if (user.firstname) update.firstname = user.firstname;
  if (user.lastname) update.lastname = user.lastname;
  if (user.gender) update.gender = user.gender;
  if (user.email) update.emails = [user.email];
  if (user.home_phone) update.home_phones = [user.home_phone];
  if (user.mobile_phone) update.mobile_phones = [user.mobile_phone];
  return update;
}

async function updateGroup(
  client: EngageClient,
  user: ProfileMappingResult["user"],
): Promise<IdentityGroupOutcome> {
  const update = groupUpdate(user);
  if (Object.keys(update).length === 0)
    return { status: "skipped", reason: "the profile has no name, gender, e-mail or phone to write" };
  const identities = await client.rest.findIdentitiesByForeignId(user.id);
  const identity =
    identities.records.find((record) => record.foreign_id === user.id) ?? identities.records[0];
  if (!identity) {
    return {
      status: "skipped",
      reason:
        "RCE has not imported this user yet (users.create is processed asynchronously); run Sync Profile again after the first message",
    };
  }
  if (!identity.identity_group_id) {
    return {
      status: "skipped",
      reason:
        "RCE has no customer record (identity group) for this identity yet; RCE creates one when an agent edits or merges the profile",
    };
  }
  await client.rest.updateIdentityGroup(identity.identity_group_id, update);
  return { status: "updated", identityGroupId: identity.identity_group_id, fields: Object.keys(update) };
}

export async function syncProfile(client: EngageClient, args: SyncProfileArgs): Promise<SyncProfileResult> {
  const now = (args.now ?? new Date()).toISOString();
  const mapped = mapProfileToUser(args.profile, { ...args.options, userId: args.userId, now });
  const check = validateSdkUser(mapped.user);
  if (!check.ok) {
    throw new EngageError(
      "validation",
      `The mapped profile is not a valid RCE user (${check.problems.slice(0, 2).join("; ")}); check the Profile mapping.`,
    );
  }
  await client.sendApi.send("users.create", mapped.user);
  const identityGroup: IdentityGroupOutcome =
    args.updateIdentityGroup && !mapped.privacyMode
      ? await updateGroup(client, mapped.user)
      : { status: "not requested" };
  return {
    status: "synced",
    user: mapped.user,
    fields: mapped.fields,
    contextDataKeys: mapped.contextKeys,
    dropped: mapped.dropped.slice(0, MAX_DROPPED_LISTED),
    droppedCount: mapped.dropped.length,
    privacyMode: mapped.privacyMode,
    identityGroup,
    syncedAt: new Date().toISOString(),
  };
}

/** The node's behaviour: the sync, then "On success". */
export async function runSyncProfile(
  client: EngageClient,
  args: SyncProfileArgs,
): Promise<NodeOutcome<"success">> {
  const result = await syncProfile(client, args);
  return { branch: "success", result: { ...result } };
}
