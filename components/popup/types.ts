/** What a row tells the popup after acting on it. */
export interface RowActions {
  /** A mutation held for undo (Accept, Recycle): show the undo bar. */
  onHeld: (localId: number, message: string) => void;
  /** A change made: say so (the row may disappear from the list). */
  onDone: (message: string) => void;
  onError: (message: string) => void;
}
