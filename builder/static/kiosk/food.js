// Recalled lots, allergens and nutrition: they come worded from the build (kiosk/page.py food_record).
import {el} from './draw.js';
import {ui} from './words.js';

export const recallBox = (lines) => {
  const box = el('div', 'ocop-recall');
  const title = el('p', 'ocop-recall__title');
  title.append(el('span', 'ocop-recall__icon'), el('strong', '', ui('recall.lots_title')));
  title.firstChild.setAttribute('aria-hidden', 'true');
  const items = el('ul');
  lines.forEach((line) => items.append(el('li', '', line)));
  box.append(title, items);
  return box;
};

// The build's drawing, parsed as HTML parses inline SVG (our own markup, never the catalogue's text)
const pictogram = (markup) => new DOMParser().parseFromString(markup, 'text/html').body.firstElementChild;

const allergenList = (allergens) => {
  const items = el('ul', 'ocop-allergen-list');
  allergens.forEach((a) => {
    const item = el('li', `ocop-allergen ocop-allergen--${a.key}`);
    item.append(document.importNode(pictogram(a.svg), true), el('span', '', a.name));
    items.append(item);
  });
  return items;
};

export const allergenBox = (p) => {
  const box = el('section', 'ocop-allergens k-allergens');
  box.append(el('h2', 'k-product__h', ui('allergens')));
  if (p.allergens) box.append(el('p', 'ocop-allergens__lead', ui('allergens_contains')), allergenList(p.allergens));
  if (p.may_contain) box.append(el('p', 'ocop-allergens__lead', ui('allergens_may_contain')), allergenList(p.may_contain));
  if (p.ingredients) {
    const line = el('p');
    line.append(el('strong', '', `${ui('ingredients')}: `));
    p.ingredients.forEach(([text, bold]) => line.append(bold ? el('strong', '', text) : document.createTextNode(text)));
    box.append(line);
  }
  return box;
};

export const nutritionTable = (n) => {
  const box = el('section', 'ocop-nutrition k-nutrition');
  const table = el('table', 'ocop-nutrition__table');
  const head = el('tr');
  [ui('nutrition.nutrient'), n.per].forEach((text) => {
    const cell = el('th', '', text);
    cell.scope = 'col';
    head.append(cell);
  });
  const body = el('tbody');
  n.rows.forEach(([label, value, sub]) => {
    const row = el('tr', sub ? 'ocop-nutrition__sub' : '');
    const name = el('th', '', label);
    name.scope = 'row';
    row.append(name, el('td', '', value));
    body.append(row);
  });
  const thead = el('thead');
  thead.append(head);
  table.append(thead, body);
  box.append(el('h2', 'k-product__h', ui('nutrition.title')), table);
  if (n.note) box.append(el('p', 'ocop-nutrition__note', n.note));
  return box;
};
