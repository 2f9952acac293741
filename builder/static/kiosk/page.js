// The kiosk page's skeleton (templates/kiosk.html) and what it says: the site's
// root, the language it starts in, the idle reset, the stand's district.
export const body = document.body;
export const root = body.dataset.root;
export const startLang = body.dataset.lang;
const params = new URLSearchParams(location.search);
export const idleSeconds = Math.max(3, parseInt(params.get('idle'), 10) || parseInt(body.dataset.idle, 10) || 90);
export const standDistrict = params.get('district') || '';

export const $ = (selector) => document.querySelector(selector);
export const grid = $('[data-k-grid]');
export const tileList = $('[data-k-tiles]');
export const list = $('[data-k-list]');
export const productBox = $('[data-k-detail]');
export const attract = $('[data-k-attract]');
export const chipsBox = $('[data-k-chips]');

export const dataUrls = {};  // language -> its data file
document.querySelectorAll('[data-k-lang]').forEach((b) => { dataUrls[b.dataset.kLang] = b.dataset.kData; });
