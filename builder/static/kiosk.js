// The trade-fair kiosk (builder/kiosk/): start screen, lists, product view,
// attract loop, idle reset, and the offline cache it fills for sw-kiosk.js.
// Vanilla, no framework, nothing from other hosts; every text comes from the
// language's data file, every link is a button or a QR code.
(() => {
  'use strict';
  const body = document.body;
  const root = body.dataset.root;
  const startLang = body.dataset.lang;
  const params = new URLSearchParams(location.search);
  const idleSeconds = Math.max(3, parseInt(params.get('idle'), 10) || parseInt(body.dataset.idle, 10) || 90);
  const standDistrict = params.get('district') || '';
  const SLIDE_SECONDS = 7;
  const START_TILES = 8;  // at least this many tiles on the start screen
  const STATUS_WHEN = {valid: 'valid_until', expired: 'expired_on', revoked: 'revoked_on', 'not-yet': 'valid_until'};
  const TAB_TEXT = {start: 'featured', all: 'all_products', districts: 'browse_province', groups: 'browse_group'};
  const $ = (selector) => document.querySelector(selector);
  const grid = $('[data-k-grid]');
  const tileList = $('[data-k-tiles]');
  const list = $('[data-k-list]');
  const productBox = $('[data-k-detail]');
  const attract = $('[data-k-attract]');
  const dataUrls = {};
  document.querySelectorAll('[data-k-lang]').forEach((b) => { dataUrls[b.dataset.kLang] = b.dataset.kData; });

  const loaded = {};  // language -> its data, fetched once
  const noChoices = () => Object.fromEntries(ocopFilter.KEYS.map((key) => [key, new Set()]));
  const state = {lang: startLang, data: null, view: 'start', filter: null, product: null, standDistrict, listScroll: 0,
    chosen: noChoices()};
  const chipsBox = $('[data-k-chips]');

  // --- small helpers -----------------------------------------------------------

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  const ui = (key, values) => {
    let text = (state.data && state.data.ui[key]) || key;
    if (typeof text === 'object') {  // a plural label: its CLDR forms (one, other, ...)
      text = text[new Intl.PluralRules(state.data.lang).select((values || {}).n)] || text.other;
    }
    Object.entries(values || {}).forEach(([name, value]) => { text = text.split(`{${name}}`).join(value); });
    return text;
  };
  const img = (name) => root + 'img/' + name;
  const today = () => {
    const now = new Date();
    const two = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  };
  // On today's date: the kiosk runs for days. The rule comes with the data
  // (STATUS_RULES of builder/status.py, the one the build applies): not restated here.
  const HOLDS = {'on or after': (a, b) => a >= b, before: (a, b) => a < b, after: (a, b) => a > b};
  const statusOf = (cert) => {
    const day = today();
    const {rules, otherwise} = state.data.status_rules;
    const rule = rules.find((r) => cert[r.date] && HOLDS[r.holds](day, cert[r.date]));
    return rule ? rule.status : otherwise;
  };
  const stars = (n) => {
    const box = el('span', 'k-stars');
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', ui('star_label', {n}));
    box.append(el('span', 'k-stars__on', '★'.repeat(n)), el('span', 'k-stars__off', '★'.repeat(5 - n)));
    return box;
  };
  const photo = (name, alt, bg, eager) => {
    const picture = el('img', 'k-photo');
    picture.alt = alt || '';
    picture.decoding = 'async';
    picture.loading = eager ? 'eager' : 'lazy';
    picture.draggable = false;
    if (bg) picture.style.backgroundColor = bg;
    if (name) picture.src = img(name);
    return picture;
  };
  const qrDrawing = (qr, label) => {  // an outbound address, shown and never followed
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
    svg.setAttribute('class', 'k-qr__code');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    svg.setAttribute('shape-rendering', 'crispEdges');
    const back = document.createElementNS(ns, 'rect');
    back.setAttribute('width', qr.size);
    back.setAttribute('height', qr.size);
    back.setAttribute('fill', '#fff');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', qr.d);
    svg.append(back, path);
    return svg;
  };

  // --- what the stand shows ---------------------------------------------------------

  const products = () => state.data.products.filter((p) => !state.standDistrict || p.district === state.standDistrict);
  const byId = () => {
    if (!state.data.byId) state.data.byId = new Map(state.data.products.map((p) => [p.id, p]));
    return state.data.byId;
  };
  const featured = () => {  // the chosen products; a stand with few gets its best others after them
    const chosen = state.data.featured.map((id) => byId().get(id)).filter(Boolean)
      .filter((p) => !state.standDistrict || p.district === state.standDistrict);
    const others = products().filter((p) => !chosen.includes(p));
    return chosen.concat(others.slice(0, Math.max(0, START_TILES - chosen.length)));
  };
  const groups = () => {
    const mine = products();
    return state.data.groups.map((g) => {
      const members = mine.filter((p) => p.group === g.id);
      return members.length ? {...g, count: members.length, photo: members[0].tile || g.photo} : null;
    }).filter(Boolean);
  };

  // --- a list of tiles, windowed: only the rows on screen exist ---------------------
  // Each tile is a button in a list item; the item is what sits at its place in the grid.

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

  const drawRows = () => {
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
  const relayout = () => {  // after a resize, or when the list shows again (it was measured while hidden)
    if (grid.clientWidth === windowed.outer) return;
    windowed.nodes.forEach((node) => node.remove());
    windowed.nodes.clear();
    measure();
    drawRows();
  };
  window.addEventListener('resize', relayout);

  const showTiles = (items, make) => {
    windowed.nodes.forEach((node) => node.remove());
    windowed.nodes.clear();
    Object.assign(windowed, {items, make});
    grid.scrollTop = 0;
    state.listScroll = 0;
    measure();
    drawRows();
  };

  const productTile = (p) => {
    const tile = el('button', 'k-tile');
    tile.type = 'button';
    if (!p) return tile;
    tile.dataset.kProduct = p.id;
    const cover = p.photos[0];
    tile.append(photo(p.tile, cover && cover.alt, cover && cover.bg),
      el('span', 'k-tile__name', p.name), stars(p.stars), el('span', 'k-tile__place', p.place));
    return tile;
  };
  const placeTile = (kind) => (entry) => {
    const tile = el('button', 'k-tile k-tile--place');
    tile.type = 'button';
    if (!entry) return tile;
    tile.dataset[kind] = entry.id;
    tile.append(photo(entry.photo, '', null), el('span', 'k-tile__name', entry.name),
      el('span', 'k-tile__place', [entry.province, ui('products_count', {n: entry.count})].filter(Boolean).join(' · ')));
    return tile;
  };

  // --- the chips: the lists' filters (filter-core.js compares; the data says what each product has) ---

  const CHIP_KEYS = ['group', 'stars', 'price', 'standard', 'online', 'season'];
  const FACET_TITLE = {group: 'filter.group', stars: 'filter.stars', price: 'filter.price', standard: 'filter.standard',
    online: 'filter.buy', season: 'filter.season'};
  const facetsOf = (items) => items.map((p) => p.f);
  const narrowed = (items) => ocopFilter.apply(facetsOf(items), state.chosen, ocopFilter.thisMonth()).map((f) => f.ref);

  const drawChips = (base) => {  // base: the list's products before the chips
    chipsBox.replaceChildren();
    const month = ocopFilter.thisMonth();
    const all = facetsOf(base);
    CHIP_KEYS.filter((key) => !(key === 'group' && state.view === 'group')).forEach((key) => {
      const options = state.data.filters[key] || [];
      const values = options.map(([value]) => value);
      const inList = ocopFilter.counts(all, {}, key, values, month);
      const counts = ocopFilter.counts(all, state.chosen, key, values, month);
      const shown = options.filter(([value]) => inList.get(value) || state.chosen[key].has(value));
      if (!shown.length) return;
      const row = el('div', 'k-chips__facet');
      row.setAttribute('role', 'group');
      row.setAttribute('aria-label', ui(FACET_TITLE[key]));
      row.append(el('span', 'k-chips__title', ui(FACET_TITLE[key])));
      shown.forEach(([value, label]) => {
        const chip = el('button', 'k-chip');
        chip.type = 'button';
        chip.dataset.kChip = key;
        chip.dataset.kValue = value;
        chip.setAttribute('aria-pressed', state.chosen[key].has(value) ? 'true' : 'false');
        chip.append(el('span', '', label), el('span', 'k-chip__n', String(counts.get(value) || 0)));
        row.append(chip);
      });
      chipsBox.append(row);
    });
    if (ocopFilter.active(state.chosen)) {  // first: always in reach, however far the strip is swiped
      const clear = el('button', 'k-chip k-chip--clear', ui('filter.clear'));
      clear.type = 'button';
      clear.dataset.kClear = '';
      chipsBox.prepend(clear);
    }
    chipsBox.hidden = !chipsBox.children.length;
  };

  const showProducts = (base, title) => {
    drawChips(base);
    const found = narrowed(base);
    if (!ocopFilter.active(state.chosen)) setTitle(title);
    else setTitle(`${title} · ${found.length ? ui('products_count', {n: found.length}) : ui('filter.none')}`);
    showTiles(found, productTile);
  };

  // --- views ------------------------------------------------------------------------

  const setTitle = (text) => { $('[data-k-list-title]').textContent = text; };

  const showList = () => {
    const {view, filter} = state;
    list.dataset.view = view;
    chipsBox.hidden = true;
    document.querySelectorAll('[data-k-tab]').forEach((tab) => {
      const active = tab.dataset.kTab === view || (view === 'district' && tab.dataset.kTab === 'districts')
        || (view === 'group' && tab.dataset.kTab === 'groups');
      tab.setAttribute('aria-pressed', active ? 'true' : 'false');
      tab.textContent = ui(TAB_TEXT[tab.dataset.kTab]);
      tab.hidden = tab.dataset.kTab === 'districts' && Boolean(state.standDistrict);
    });
    if (view === 'districts') {
      setTitle(ui('browse_province'));
      showTiles(state.data.districts, placeTile('kDistrict'));
    } else if (view === 'groups') {
      setTitle(ui('browse_group'));
      showTiles(groups(), placeTile('kGroup'));
    } else if (view === 'district') {
      const district = state.data.districts.find((d) => d.id === filter);
      showProducts(products().filter((p) => p.district === filter), district ? district.name : '');
    } else if (view === 'group') {
      showProducts(products().filter((p) => p.group === filter), ui(`group.${filter}`));
    } else if (view === 'all') {
      showProducts(products(), `${ui('all_products')} (${products().length})`);
    } else {
      setTitle(ui('featured'));
      showTiles(featured(), productTile);
    }
  };

  const go = (view, filter) => {
    Object.assign(state, {view, filter: filter || null, chosen: noChoices()});
    closeProduct();
    showList();
  };

  const statusBox = (cert) => {
    const status = statusOf(cert);
    const box = el('div', `ocop-status ocop-status--${status}`);
    box.setAttribute('role', 'status');
    box.dataset.status = status;
    const title = el('p', 'ocop-status__title');
    title.append(el('span', 'ocop-status__icon'), el('strong', '', ui(`status.${status}`)));
    title.firstChild.setAttribute('aria-hidden', 'true');
    const date = status === 'revoked' ? cert.dates.revoked : cert.dates.expires;
    box.append(title, el('p', 'ocop-status__when', ui(STATUS_WHEN[status], {date})));
    if (status === 'revoked' && cert.reason) box.append(el('p', 'ocop-status__reason', `${ui('revocation_reason')}: ${cert.reason}`));
    const facts = el('p', 'k-cert__facts', `${ui('certificate_number')} ${cert.number} · ${ui('issuer')}: ${cert.issuer}`);
    box.append(facts);
    if (cert.source) box.append(qrBlock(qrDrawing(cert.source, ui('certificate_source')), ui('certificate_source')));
    return box;
  };

  // Recalls, allergens and nutrition come worded from the build (kiosk/page.py food_record).
  const recallBox = (lines) => {
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

  const allergenBox = (p) => {
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

  const nutritionTable = (n) => {
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

  const carousel = (p) => {
    const box = el('div', 'k-carousel');
    const strip = el('div', 'k-carousel__strip');
    p.photos.forEach((ph, index) => {
      const frame = el('div', 'k-carousel__frame');
      const picture = photo(ph.view, ph.alt, ph.bg, index === 0);
      picture.width = ph.w;
      picture.height = ph.h;
      frame.append(picture);
      strip.append(frame);
    });
    box.append(strip);
    if (p.photos.length > 1) {
      const dots = el('div', 'k-carousel__dots');
      p.photos.forEach((ph, index) => {
        const dot = el('button', 'k-dot');
        dot.type = 'button';
        dot.setAttribute('aria-label', ui('kiosk.photo', {n: index + 1, total: p.photos.length}));
        dot.addEventListener('click', () => strip.scrollTo({left: index * strip.clientWidth, behavior: 'smooth'}));
        dots.append(dot);
      });
      const mark = () => {
        const current = Math.round(strip.scrollLeft / Math.max(1, strip.clientWidth));
        [...dots.children].forEach((dot, index) => dot.setAttribute('aria-pressed', index === current ? 'true' : 'false'));
      };
      strip.addEventListener('scroll', mark, {passive: true});
      mark();
      box.append(dots);
    }
    return box;
  };

  const qrBlock = (qr, caption, big) => {
    const figure = el('figure', big ? 'k-qr k-qr--big' : 'k-qr');
    figure.append(qr, el('figcaption', '', caption));
    return figure;
  };

  const openProduct = (id) => {
    const p = byId().get(id);
    if (!p) return;
    state.product = id;
    productBox.replaceChildren();
    const back = el('button', 'k-back', `← ${ui('kiosk.back')}`);
    back.type = 'button';
    back.dataset.kBack = '';
    const head = el('div', 'k-product__head');
    const meta = el('p', 'k-product__meta');
    meta.append(stars(p.stars), el('span', '', ` ${ui('star_label', {n: p.stars})} · ${ui(`group.${p.group}`)}`));
    head.append(back, el('h1', 'k-product__name', p.name), meta, el('p', 'k-product__place', p.place));
    if (p.formerly) head.append(el('p', 'k-product__formerly', p.formerly));
    const info = el('div', 'k-product__info');
    if (p.recalls) info.append(recallBox(p.recalls));
    info.append(statusBox(p.cert));
    if (p.allergens || p.may_contain) info.append(allergenBox(p));
    if (p.nutrition) info.append(nutritionTable(p.nutrition));
    if (p.summary) info.append(el('p', 'k-product__summary', p.summary));
    p.story.forEach((text) => info.append(el('p', 'k-product__story', text)));
    info.append(el('p', 'k-product__producer', `${ui('producer')}: ${p.producer}`));
    if (p.website) info.append(qrBlock(qrDrawing(p.website, ui('website')), `${ui('website')} · ${ui('kiosk.scan_open')}`));
    if (p.price) info.append(el('p', 'k-product__price', `${ui('price')}: ${p.price}`));
    const points = p.points.map((pid) => state.data.points[pid]).filter(Boolean);
    if (points.length || (p.online && p.online.length)) {
      info.append(el('h2', 'k-product__h', ui('where_to_buy')));
      const shops = el('ul', 'k-shops');
      points.forEach((point) => {
        const item = el('li', 'k-shop');
        item.append(el('strong', '', point.name), el('span', 'k-shop__kind', ` · ${point.kind}`), el('br'),
          el('span', '', [point.address, point.hours, point.phone].filter(Boolean).join(' · ')));
        if (point.qr) item.append(qrBlock(qrDrawing(point.qr, point.name), ui('kiosk.scan_open')));
        shops.append(item);
      });
      info.append(shops);
      if (p.online && p.online.length) {
        info.append(el('h2', 'k-product__h', ui('online_stores')));
        const online = el('div', 'k-online');
        p.online.forEach((store) => online.append(qrBlock(qrDrawing(store.qr, store.name), store.name)));
        info.append(online);
      }
    }
    const take = el('img', 'k-qr__code');
    take.src = root + p.qr;
    take.alt = ui('kiosk.scan_home');
    take.draggable = false;
    const side = el('div', 'k-product__side');
    side.append(carousel(p), qrBlock(take, ui('kiosk.scan_home'), true));
    productBox.append(head, side, info);
    if (!list.hidden) state.listScroll = grid.scrollTop;
    productBox.hidden = false;
    list.hidden = true;
    productBox.scrollTop = 0;
  };

  const closeProduct = () => {  // back to the list, where it was
    state.product = null;
    productBox.hidden = true;
    productBox.replaceChildren();
    list.hidden = false;
    relayout();
    grid.scrollTop = state.listScroll || 0;
    drawRows();
  };

  // --- languages --------------------------------------------------------------------

  const loadData = (lang) => {
    if (!loaded[lang]) {
      loaded[lang] = fetch(dataUrls[lang]).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${r.url}`);
        return r.json();
      }).catch((error) => { delete loaded[lang]; throw error; });
    }
    return loaded[lang];
  };

  const useLanguage = async (lang) => {
    const data = await loadData(lang);
    data.products.forEach((p) => { p.f.ref = p; });  // the chips filter the facets, and show their products
    state.lang = lang;
    state.data = data;
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-k-lang]').forEach((b) => b.setAttribute('aria-pressed', b.dataset.kLang === lang ? 'true' : 'false'));
    $('[data-k-langs]').setAttribute('aria-label', ui('kiosk.languages'));
    $('[data-k-built]').textContent = data.built;
    $('.k-home__site').textContent = data.site_name;
    label();
    showOffline();
  };

  const label = () => {
    const district = state.standDistrict && state.data.districts.find((d) => d.id === state.standDistrict);
    $('[data-k-title]').textContent = district ? ui('kiosk.stand', {district: district.name}) : ui('kiosk.title');
    $('.k-home__site').hidden = $('.k-home__site').textContent === $('[data-k-title]').textContent;
    document.title = `${$('[data-k-title]').textContent} – ${$('.k-home__site').textContent}`;
  };

  const switchLanguage = async (lang) => {
    const product = state.product;
    const scroll = productBox.scrollTop;
    const listScroll = product ? state.listScroll : grid.scrollTop;
    await useLanguage(lang);
    showList();
    grid.scrollTop = listScroll;
    state.listScroll = listScroll;
    drawRows();
    if (product) {
      openProduct(product);
      productBox.scrollTop = scroll;
    }
  };

  // --- idle: the attract loop, then everything back to the start --------------------

  let idleTimer = 0;
  let slideTimer = 0;
  let reloadWhenIdle = false;

  const slides = () => featured().filter((p) => p.photos.length);

  const showSlide = (index) => {
    const all = slides();
    if (!all.length) return;
    const p = all[index % all.length];
    const slide = el('div', 'k-slide');
    const picture = photo(p.photos[0].view, p.photos[0].alt, p.photos[0].bg, true);
    const caption = el('div', 'k-slide__caption');
    caption.append(el('p', 'k-slide__name', p.name), stars(p.stars), el('p', 'k-slide__place', p.place));
    slide.append(picture, caption);
    const old = [...attract.querySelectorAll('.k-slide')];
    attract.insertBefore(slide, attract.querySelector('.k-attract__hint'));
    requestAnimationFrame(() => requestAnimationFrame(() => {
      slide.classList.add('k-slide--on');
      old.forEach((o) => { o.classList.remove('k-slide--on'); setTimeout(() => o.remove(), 1200); });
    }));
    slideTimer = setTimeout(() => showSlide(index + 1), SLIDE_SECONDS * 1000);
  };

  const startAttract = () => {
    attract.replaceChildren(el('p', 'k-attract__hint', ui('kiosk.touch_to_start')));
    attract.hidden = false;
    showSlide(0);
  };

  const stopAttract = () => {
    clearTimeout(slideTimer);
    attract.hidden = true;
    attract.replaceChildren();
  };

  const startOver = async () => {
    if (reloadWhenIdle) { location.reload(); return; }  // a newer build is ready offline
    fillOffline();  // the network may be back
    if (!attract.hidden) return;
    closeProduct();
    if (state.lang !== startLang) await useLanguage(startLang);
    Object.assign(state, {view: 'start', filter: null, chosen: noChoices()});
    showList();
    grid.scrollTop = 0;
    window.scrollTo(0, 0);
    startAttract();
  };

  const touched = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(startOver, idleSeconds * 1000);
  };

  // --- taps ---------------------------------------------------------------------------

  document.addEventListener('click', (event) => {
    const target = event.target.closest('button');
    if (!target || !state.data) return;
    if (target.dataset.kProduct) openProduct(target.dataset.kProduct);
    else if (target.dataset.kDistrict) go('district', target.dataset.kDistrict);
    else if (target.dataset.kGroup) go('group', target.dataset.kGroup);
    else if (target.dataset.kTab) go(target.dataset.kTab);
    else if (target.dataset.kChip) {
      const values = state.chosen[target.dataset.kChip];
      if (values.has(target.dataset.kValue)) values.delete(target.dataset.kValue);
      else values.add(target.dataset.kValue);
      showList();
    } else if ('kClear' in target.dataset) {
      state.chosen = noChoices();
      showList();
    }
    else if ('kBack' in target.dataset) closeProduct();
    else if ('kHome' in target.dataset) go('start');
    else if (target.dataset.kLang && target.dataset.kLang !== state.lang) switchLanguage(target.dataset.kLang).catch(() => null);
  });
  attract.addEventListener('pointerdown', (event) => {  // this touch wakes the kiosk, and does nothing else
    event.preventDefault();
    event.stopPropagation();
    stopAttract();
    touched();
  });
  ['pointerdown', 'keydown', 'wheel', 'touchstart'].forEach((name) => document.addEventListener(name, touched, {passive: true, capture: true}));
  document.addEventListener('scroll', touched, {passive: true, capture: true});
  // No surprises on a touch screen: no context menu, text selection, dragged pictures or zoom.
  ['contextmenu', 'selectstart', 'dragstart', 'gesturestart'].forEach((name) => document.addEventListener(name, (e) => e.preventDefault()));
  document.addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, {passive: false});
  document.addEventListener('touchmove', (e) => { if (e.touches.length > 1) e.preventDefault(); }, {passive: false});

  // --- offline: the kiosk's own cache, served by sw-kiosk.js ---------------------------

  const offline = {percent: null, unavailable: false};
  const showOffline = () => {
    const box = $('[data-k-offline]');
    if (offline.unavailable) box.textContent = ui('kiosk.offline_unavailable');
    else if (offline.percent !== null) box.textContent = ui('kiosk.offline', {n: offline.percent});
    box.dataset.percent = offline.percent === null ? '' : String(offline.percent);
  };
  const progress = (done, total) => {
    offline.percent = total ? Math.floor((done * 100) / total) : 0;
    showOffline();
  };

  const pageUrl = new URL(location.pathname, location.href).href;  // this page, without its parameters
  const siteRoot = new URL(root, location.href).href;
  const versionIn = (html) => ((html.match(/data-version="([0-9a-f]+)"/) || [])[1]);
  const offlineIn = (html) => ((html.match(/data-offline="([^"]+)"/) || [])[1]);

  const latestBuild = async () => {
    // What the server has now: this page's own version, or a newer build's.
    try {
      const response = await fetch(pageUrl, {cache: 'reload'});
      const html = response.ok ? await response.text() : '';
      if (versionIn(html) && offlineIn(html)) return {version: versionIn(html), offline: offlineIn(html)};
    } catch (error) { /* offline: keep what this page is */ }
    return {version: body.dataset.version, offline: body.dataset.offline};
  };

  let filling = null;
  const fillOffline = () => {
    if (!filling) filling = fill().catch(() => null).finally(() => { filling = null; });
    return filling;
  };

  const fill = async () => {
    const build = await latestBuild();
    const name = `kiosk-${build.version}`;
    const cache = await caches.open(name);
    const have = new Set((await cache.keys()).map((request) => request.url));
    let wanted;
    try {  // the list of what to keep, kept too: an offline reload finds it complete
      const listed = await fetch(siteRoot + build.offline);
      if (!listed.ok) throw new Error(`${listed.status} ${listed.url}`);
      if (!have.has(listed.url)) await cache.put(siteRoot + build.offline, listed.clone());
      wanted = (await listed.json()).map((path) => siteRoot + path);
    } catch (error) {
      if (offline.percent === null) progress(0, 1);
      return;
    }
    const pages = wanted.filter((url) => /kiosk\/$/.test(url));
    const rest = wanted.filter((url) => !/kiosk\/$/.test(url) && !have.has(url));
    let done = wanted.length - rest.length - pages.filter((url) => !have.has(url)).length;
    progress(done, wanted.length);
    const put = async (url, check) => {
      const response = await fetch(url, check ? {cache: 'reload'} : {});
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      if (check) {
        const html = await response.clone().text();
        if (versionIn(html) !== build.version) throw new Error('the site changed while the kiosk was saving it');
      }
      await cache.put(url, response);
      done += 1;
      progress(done, wanted.length);
    };
    const queue = rest.slice();
    const worker = async () => { while (queue.length) await put(queue.shift(), false); };
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (const url of pages) {  // last: a cache holding a page holds everything the page needs
      if (!have.has(url)) await put(url, true);
    }
    const others = (await caches.keys()).filter((key) => key.startsWith('kiosk-') && key !== name);
    await Promise.all(others.map((key) => caches.delete(key)));
    progress(wanted.length, wanted.length);
    if (build.version !== body.dataset.version) {  // a newer build, now complete offline: show it when nobody is looking
      reloadWhenIdle = true;
      if (!attract.hidden) location.reload();
    }
  };

  const goOffline = () => {
    if (window.ocopPreview) return;  // ocop serve's live preview: always the latest edit, no offline copy
    if (!('serviceWorker' in navigator) || !window.caches || !window.isSecureContext) {
      offline.unavailable = true;
      showOffline();
      return;
    }
    navigator.serviceWorker.register(body.dataset.sw).catch(() => null);
    fillOffline();
  };

  // --- start ----------------------------------------------------------------------------

  useLanguage(startLang).then(() => {
    if (state.standDistrict && !state.data.districts.some((d) => d.id === state.standDistrict)) state.standDistrict = '';
    label();
    showList();
    touched();
    body.classList.add('k-ready');
    performance.mark('kiosk-ready');  // the start screen is drawn
    if (document.readyState === 'complete') goOffline();
    else window.addEventListener('load', goOffline);
  });
})();
