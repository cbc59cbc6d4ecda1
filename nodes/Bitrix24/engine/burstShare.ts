/**
 * The part of the portal's burst this process may take when it starts sending after a pause.
 *
 * Two n8n workers that start a load together each see an empty bucket and send a whole burst, and
 * the portal, which has room for one, refuses the rest. A refusal then says little about the rate
 * of others (the copy's own level is full with requests in flight), but the opening as a whole
 * says how much room this process got: of the requests it sent from an empty copy without waiting,
 * the portal accepted the ones that fit beside the others'. That part is kept for the process's
 * life (or until the credential's limits change), so the next load opens with it; an opening the
 * portal accepts whole earns a little back. An opening refused whole says only that the bucket was
 * full before it began: that is the others' rate, which the bucket learns apart.
 */

/** The requests sent from an empty copy without waiting, until the first refusal or wait. */
export interface Opening {
	sent: number;
	answered: number;
	refused: number;
	/** Whether later requests still join it. */
	open: boolean;
	/** The requests the copy would let through at once when it started. */
	capacity: number;
}

/** How much of the burst a full opening the portal accepted whole gives back. */
const REGAIN = 0.05;

export class BurstShare {
	/** The part of the portal's burst this process takes: 1 until an opening shows less. */
	part = 1;

	private opening: Opening | undefined;

	/**
	 * Counts a request sent now; returns the opening it belongs to, if any. `copyEmpty`: the copy
	 * had drained to nothing before it; `waited`: it had to wait for room, which ends the opening.
	 */
	joins(copyEmpty: boolean, waited: boolean, capacity: number): Opening | undefined {
		// A new opening once the last one has all its answers (evaluated, or open and gone idle).
		const settled = !this.opening || this.opening.answered === this.opening.sent;
		if (copyEmpty && !waited && settled)
			this.opening = { sent: 0, answered: 0, refused: 0, open: true, capacity };
		const opening = this.opening;
		if (!opening?.open) return undefined;
		if (waited) {
			opening.open = false;
			return undefined;
		}
		opening.sent += 1;
		if (opening.sent >= opening.capacity) opening.open = false;
		return opening;
	}

	/** A request of `opening` was answered; `refused` when the portal said its bucket was full. */
	answered(opening: Opening | undefined, refused: boolean, burst: number): void {
		if (!opening) return;
		opening.answered += 1;
		if (refused) {
			opening.refused += 1;
			opening.open = false;
		}
		if (opening.open || opening.answered < opening.sent) return;
		const accepted = opening.sent - opening.refused;
		if (opening.refused > 0 && accepted > 0) {
			// The portal filled up during it, holding every one of ours it accepted. One opening at
			// most halves the part, so a stray refusal cannot leave the process a sliver of the burst.
			this.part = Math.min(1, Math.max(accepted / burst, this.part / 2));
		} else if (opening.refused === 0 && opening.sent >= opening.capacity) {
			this.part = Math.min(1, this.part + REGAIN);
		}
	}
}
