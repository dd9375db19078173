/**
 * The review's numbers travel to the page without the lead ids behind them: a period of the
 * reference workspace has hundreds of thousands of ids (tens of MB through extension messaging),
 * and they are only needed when someone clicks a number. Each `leadIds` list becomes a `drill`
 * reference into a side table the background keeps; the drill-down asks for one list by it.
 */

/** A drill-down lists at most this many leads (the message that asks for them is capped too). */
export const DRILL_LIMIT = 5000;

export interface DrillRef {
  /** Index into the lists of the computation it came from. */
  list: number;
  /** How many (unique) leads the list holds. */
  size: number;
}

/** T with every `leadIds: string[]` replaced by `drill: DrillRef`, at any depth. */
export type Detached<T> = T extends readonly (infer U)[]
  ? Detached<U>[]
  : T extends object
    ? { [K in keyof T as K extends 'leadIds' ? 'drill' : K]: K extends 'leadIds' ? DrillRef : Detached<T[K]> }
    : T;

/** Split a result into the numbers (with drill references) and the lead id lists. Pure. */
export function detachLeadIds<T>(value: T): { value: Detached<T>; lists: string[][] } {
  const lists: string[][] = [];
  const seen = new Map<readonly string[], number>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      if (k === 'leadIds' && Array.isArray(child)) {
        let list = seen.get(child);
        if (list === undefined) {
          list = lists.push(child as string[]) - 1;
          seen.set(child, list);
        }
        out.drill = { list, size: child.length } satisfies DrillRef;
      } else out[k] = walk(child);
    }
    return out;
  };
  return { value: walk(value) as Detached<T>, lists };
}
