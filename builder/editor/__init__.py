"""The office's editor at ``/admin/``: Decap CMS forms made from the schema.

``fields`` reads the pydantic models of ``schema.py`` into shapes, ``config``
turns them into the CMS's ``config.yml`` (with the Vietnamese labels and hints of
``hints.yaml``), ``page`` writes the admin page with its own CSP, ``entries``
turns a saved form back into the office's file (only the changed values), and
``api`` answers the CMS's local backend protocol inside ``ocop serve``.
"""
