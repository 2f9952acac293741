"""The pipeline's stages, one module each: load -> validate -> derive -> render -> write,
and ``build`` (the Builder that runs them under the project's lock, with the
keys that decide what an unchanged input need not make again)."""
