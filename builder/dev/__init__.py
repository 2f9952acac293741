"""Tools for the builder's developers, never run by a build: the benchmark
(``python -m builder.dev.bench``), the catalogue generator it and the tests use,
the per-item cost of the encoders (``python -m builder.dev.itemcost``) and the
filter timing in a slowed Chromium (``python -m builder.dev.filterbench``)."""
