/** undici's Pool alone, without the rest of undici (fetch, WebSocket, caches) in the gateway's bundle. */
declare module "undici/lib/dispatcher/pool" {
  import { Pool } from "undici";
  export = Pool;
}
