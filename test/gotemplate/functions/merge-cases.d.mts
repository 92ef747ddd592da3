/** Types of merge-cases.mjs (plain JS so the Go oracle script can import it too). */
export declare const MERGE_CASES: { id: string; template: string }[];
