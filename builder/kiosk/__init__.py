"""The trade-fair kiosk (``<L>kiosk/``), as one package, laid out like a Material plugin:

``page``  the page kind (registered in ``kinds/``), what the kiosk shows and
          keeps offline (``KioskBundle``), and its data file per language;
``files`` its files in the site: the data, its script and style named by
          their content, the offline list and ``sw-kiosk.js`` (registered in
          ``files/``).

The browser side is the ES modules of ``static/kiosk/`` (``main.js`` imports
the others), ``static/kiosk.css`` and ``static/sw-kiosk.js``; the page's
skeleton is ``templates/kiosk.html``.
"""
