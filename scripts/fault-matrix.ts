/** Prints the fault matrix (test/faults/matrix.ts) as the markdown table the README shows. */
import { matrixTable } from "../test/faults/matrix";

console.log(matrixTable());
