/**
 * Rows per cursor fetch. The dosing-decision table carries ~4 KB of JSON per row, and a fetch is held twice (the
 * batch being written and the one prefetched). XLSX export of the 10k×5y trial, peak RSS: 306–352 MB at 2,000
 * rows, 288–334 MB at 500, 269–281 MB at 200, at the same speed (the cursor round trips are not the bottleneck).
 */
export const BATCH_ROWS = 200;
