// `defineAction` of @pipedream/types, with every action's `run` at the one boundary of
// `common/exits.ts` (props with their defaults, exits redacted). `run`'s argument is required
// here: Pipedream always passes `{ $ }`, but the types declare it optional, which strict
// TypeScript will not destructure.
import {
  defineAction as pipedreamDefineAction, type Action,
} from "@pipedream/types";
import { atBoundary } from "./exits";
import type { RunOptions } from "./types";

/** An app prop (`props: { app }`): Pipedream sets it to the app's methods, bound to the connected account. */
type AppProp = { type: "app"; methods?: object };

/** The connected account's fields, which Pipedream sets on an app prop. */
export type AppAuth = { $auth: Record<string, string> };

/**
 * What `run` finds on `this`: each app prop as its methods, typed from the app itself, so no
 * action casts `this.app`; every other prop as the user set it.
 */
export type PropsOnThis<P> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a prop's value is whatever the user entered
  [K in keyof P]: P[K] extends AppProp ? NonNullable<P[K]["methods"]> & AppAuth : any;
};

export type ActionDefinition<M, P> = Omit<Action<M, P>, "run"> & {
  run(this: PropsOnThis<P> & M, options: RunOptions): unknown;
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
