import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    // Clinical tables are read more than clicked: keep them compact but legible on a tablet.
    Table: { defaultProps: { verticalSpacing: 'xs', highlightOnHover: true } },
  },
});
