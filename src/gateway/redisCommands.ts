/**
 * Every command of the Redis store goes through here: a failure (Redis down, slow or refusing) is
 * counted and becomes StoreUnavailable, which the handlers answer with "retry later".
 */
import { type RedisClient, runScript, type ScriptName } from "./redisScripts";
import { StoreUnavailable } from "./store";

export class RedisCommands {
  constructor(
    readonly client: RedisClient,
    private readonly onFailure: (operation: string) => void = () => undefined,
  ) {}

  async command<T>(operation: string, run: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.client);
    } catch (error) {
      this.onFailure(operation);
      throw new StoreUnavailable(
        `the gateway's Redis store did not answer (${operation}: ${(error as Error).message.slice(0, 120)})`,
      );
    }
  }

  script(name: ScriptName, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    return this.command(name, (client) => runScript(client, name, keys, args));
  }
}
