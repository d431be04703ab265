import { Page } from 'playwright-core';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
/** WCAG 2.2 A and AA rules (issue 17: no serious or critical violation on any screen). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core inside the page; throws listing every serious or critical violation of the screen. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    // Runs in the browser (this file is type-checked without the DOM library).
    const { axe, document } = globalThis as unknown as {
      axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, TAGS);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.map(
    (v) =>
      `  ${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}`,
  );
  throw new Error(`accessibility (axe-core, WCAG 2.2 AA) on screen "${screen}":\n${lines.join('\n')}`);
}
