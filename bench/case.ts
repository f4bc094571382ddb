/** The shape of a `regaudit bench` case (tinybench underneath) and of the peer it is compared with. */

/** A peer measured on the same machine, in the same session (a script in ../shared/anchors). */
export interface BenchAnchor {
  /** Script file name in the anchors directory, run with /usr/bin/python3. */
  readonly script: string;
  readonly args: readonly string[];
  /** Python modules the script imports; the anchor is skipped (with the reason) when one is missing. */
  readonly modules: readonly string[];
  /** Field of the script's JSON line holding its throughput in the case's unit per second. */
  readonly field: string;
}

/** One benchmark. Throughput is `items` per second of `run`. */
export interface BenchCase {
  /** Stable name, `<area>:<what>`, e.g. `oracle:barrier`. */
  readonly name: string;
  /** What an item is, e.g. `prices`, `paths`, `samples`. */
  readonly unit: string;
  /** Items per call of `run`; `setup` may set it (called as a method, so `this.items = ...`). */
  items: number;
  /** Runs once before timing (data, models); not timed. */
  setup?(): Promise<void> | void;
  /** The timed work. */
  run(): Promise<void> | void;
  /** Runs once after timing. */
  teardown?(): Promise<void> | void;
  /** The peer to report a ratio against with `regaudit bench --anchors`. */
  readonly anchor?: BenchAnchor;
}
