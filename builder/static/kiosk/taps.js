// Taps: what each button does, what wakes the kiosk, and no surprises on a touch screen.
import {stopAttract, touched} from './idle.js';
import {switchLanguage} from './languages.js';
import {go, showList} from './lists.js';
import {attract} from './page.js';
import {closeProduct, openProduct} from './product.js';
import {noChoices, state} from './state.js';

export const listenToTouches = () => {
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
};
