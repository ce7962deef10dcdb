// The look all charts share, in the theme's colours, so a chart cannot drift from the others.
export const AXIS_TICK = { fontSize: 11, fill: 'var(--muted)' }
export const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }
export const GRID = { strokeDasharray: '3 3', stroke: 'var(--grid)' }
