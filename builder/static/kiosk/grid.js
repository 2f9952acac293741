// A list of tiles, windowed: only the rows on screen exist.
// Each tile is a button in a list item; the item is what sits at its place in the grid.
import {el} from './draw.js';
import {grid, tileList} from './page.js';
import {state} from './state.js';

const listItem = (tile) => {
  const item = el('li', 'k-cell');
  item.append(tile);
  return item;
};

const windowed = {items: [], make: null, nodes: new Map(), columns: 1, rowHeight: 1, width: 0};
const sizer = el('div', 'k-grid__sizer');
grid.append(sizer);

const measure = () => {
  const style = getComputedStyle(grid);
  const width = grid.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const gap = parseFloat(style.getPropertyValue('--gap')) || 16;
  const columns = Math.max(2, Math.min(6, Math.floor((width + gap) / (parseFloat(style.getPropertyValue('--tile-min')) || 400))));
  const tileWidth = (width - gap * (columns - 1)) / columns;
  grid.style.setProperty('--tile-w', `${tileWidth}px`);
  const probe = windowed.make ? listItem(windowed.make(windowed.items[0] || null)) : null;
  let tileHeight = tileWidth;
  if (probe) {
    probe.classList.add('k-tile--probe');
    tileList.append(probe);
    tileHeight = probe.offsetHeight;
    probe.remove();
  }
  Object.assign(windowed, {columns, tileWidth, gap, rowHeight: tileHeight + gap, width, outer: grid.clientWidth});
  sizer.style.height = `${Math.ceil(windowed.items.length / columns) * windowed.rowHeight}px`;
};

export const drawRows = () => {
  const {columns, rowHeight, items, nodes, tileWidth, gap} = windowed;
  const top = grid.scrollTop;
  const first = Math.max(0, Math.floor(top / rowHeight) - 1) * columns;
  const last = Math.min(items.length, (Math.ceil((top + grid.clientHeight) / rowHeight) + 2) * columns);
  nodes.forEach((node, index) => {
    if (index < first || index >= last) { node.remove(); nodes.delete(index); }
  });
  for (let index = first; index < last; index += 1) {
    if (nodes.has(index)) continue;
    const node = listItem(windowed.make(items[index]));
    node.style.transform = `translate(${(index % columns) * (tileWidth + gap)}px, ${Math.floor(index / columns) * rowHeight}px)`;
    nodes.set(index, node);
    tileList.append(node);
  }
};

let drawPending = false;
grid.addEventListener('scroll', () => {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; drawRows(); });
}, {passive: true});
export const relayout = () => {  // after a resize, or when the list shows again (it was measured while hidden)
  if (grid.clientWidth === windowed.outer) return;
  windowed.nodes.forEach((node) => node.remove());
  windowed.nodes.clear();
  measure();
  drawRows();
};
window.addEventListener('resize', relayout);

export const showTiles = (items, make) => {
  windowed.nodes.forEach((node) => node.remove());
  windowed.nodes.clear();
  Object.assign(windowed, {items, make});
  grid.scrollTop = 0;
  state.listScroll = 0;
  measure();
  drawRows();
};
