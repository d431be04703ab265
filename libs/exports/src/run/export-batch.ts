/**
 * Rows per cursor fetch. The dosing-decision table carries ~4 KB of JSON per row, and a fetch is held twice (the
 * batch being written and the one prefetched). XLSX export of the 10k×5y trial, peak RSS: 306–352 MB at 2,000
 * rows, 288–334 MB at 500, 269–281 MB at 200, at the same speed (the cursor round trips are not the bottleneck).
 * With styled XLSX (date cells, issue 19) 200 rows gave 293–312 MB on a loaded machine (load average 20–40);
 * 100 rows gave 209–217 MB; the time (58–137 s at 200, 96 s at 100, 1.48 M rows) was within the machine's noise.
 */
export const BATCH_ROWS = 100;
