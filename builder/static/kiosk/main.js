// The trade-fair kiosk (builder/kiosk/): start screen, lists, product view,
// attract loop, idle reset, and the offline cache it fills for sw-kiosk.js.
// Vanilla ES modules, no framework, nothing from other hosts; every text comes
// from the language's data file, every link is a button or a QR code.
// This is the entry point: it draws the start screen, then starts the offline copy.
import {touched} from './idle.js';
import {label, useLanguage} from './languages.js';
import {showList} from './lists.js';
import {goOffline} from './offline.js';
import {body, startLang} from './page.js';
import {state} from './state.js';
import {listenToTouches} from './taps.js';

listenToTouches();
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
