// `defineAction` of @pipedream/types, with every action's `run` at the one boundary of
// `common/exits.ts` (props with their defaults, exits redacted). `run`'s argument is required
// here: Pipedream always passes `{ $ }`, but the types declare it optional, which strict
// TypeScript will not destructure.
import {
  defineAction as pipedreamDefineAction, type Action,
} from "@pipedream/types";
import { atBoundary } from "./exits";
import type { RunOptions } from "./types";

type PipedreamRun<M, P> = NonNullable<Action<M, P>["run"]>;

export type ActionDefinition<M, P> = Omit<Action<M, P>, "run"> & {
  run(this: ThisParameterType<PipedreamRun<M, P>>, options: RunOptions): unknown;
  /**
   * True for an action that mints credentials: it alone returns them, in the named fields
   * (`directConnectionString`, …). Not part of the component Pipedream sees.
   */
  mints?: boolean;
};

export function defineAction<M, P>({
  mints, run, ...action
}: ActionDefinition<M, P>): Action<M, P> {
  return pipedreamDefineAction({
    ...action,
    run: atBoundary(run as (...args: unknown[]) => unknown, {
      props: action.props as Record<string, unknown> | undefined,
      mints,
    }),
  } as unknown as Action<M, P>);
}
