importScripts('sw-kiosk.js');
