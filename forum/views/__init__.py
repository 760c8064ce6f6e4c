"""The forum's views, one module per part: ``bodies`` (the front page, bodies, members),
``meetings``, ``documents`` (agenda and documents), ``minutes`` (minutes and action items),
``recommendations`` and ``personal`` (a person's own page and calendar feed); ``common`` holds
what they do alike. ``forum/urls.py`` names each view by its module."""
