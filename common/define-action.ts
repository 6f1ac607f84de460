// `defineAction` of @pipedream/types, with `run`'s argument required: Pipedream always passes
// `{ $ }`, but the types declare it optional, which strict TypeScript will not destructure.
import {
  defineAction as pipedreamDefineAction, type Action,
} from "@pipedream/types";
import type { RunOptions } from "./types";

type PipedreamRun<M, P> = NonNullable<Action<M, P>["run"]>;

export type ActionDefinition<M, P> = Omit<Action<M, P>, "run"> & {
  run(this: ThisParameterType<PipedreamRun<M, P>>, options: RunOptions): unknown;
};

export function defineAction<M, P>(action: ActionDefinition<M, P>): Action<M, P> {
  return pipedreamDefineAction(action as unknown as Action<M, P>);
}
