import { createTheme, type CSSVariablesResolver, DEFAULT_THEME } from '@mantine/core';
import { darkenUntil } from './lib/contrast';

const WHITE = '#ffffff';
/** WCAG 2.2 AA asks 4.5:1 for normal text; 4.6 leaves room for rounding and tinted backgrounds. */
const AA = 4.6;

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  // Users who ask their system for less motion get no transitions (WCAG 2.3.3).
  respectReducedMotion: true,
  components: {
    // Clinical tables are read more than clicked: keep them compact but legible on a tablet.
    Table: { defaultProps: { verticalSpacing: 'xs', highlightOnHover: true } },
    // Status badges are read, not decorated: never cut off ("ENROLL…"), no shouting capitals.
    Badge: {
      styles: {
        root: { textTransform: 'none', overflow: 'visible', flexShrink: 0, maxWidth: 'none' },
        label: { overflow: 'visible', textOverflow: 'clip' },
      },
    },
    // Every close/clear button has a name for screen readers (dialogs, notifications, clearable inputs).
    CloseButton: { defaultProps: { 'aria-label': 'Close' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } },
  },
});

/**
 * Every colour's filled background (under white text), light-variant text and outline are darkened until they
 * reach AA contrast against white, so a badge or button of any colour — the red PML and orange SAE badges
 * first — passes whichever shade the palette would have picked. Dimmed text is gray.7 (8:1), not gray.6 (3.3:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': DEFAULT_THEME.colors.gray[7],
    // Field errors and required asterisks (red.6 is 3.3:1 on white).
    '--mantine-color-error': darkenUntil(DEFAULT_THEME.colors.red[8], WHITE, AA),
  };
  for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
    const filled = darkenUntil(shades[8], WHITE, AA);
    // Light variants sit on tints up to shade 2 when hovered: the text must pass on the darkest of them.
    const text = darkenUntil(shades[9], shades[2], AA);
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darkenUntil(filled, WHITE, AA + 1.5);
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-text`] = text;
  }
  return { variables: {}, light, dark: {} };
};
